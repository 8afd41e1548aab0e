/** The languages an inquiry, a release or an officer can be in (the database's `language` enum). */
export const LANGUAGES = ['en', 'zh', 'ms'] as const;
