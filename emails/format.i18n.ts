// How a date and time in an email carries its UTC offset, one block per language.

import type { Lang } from './types.js';

export interface FormatMessages {
  /** "Monday, 2 March 2026 at 17:00 Malaysia Time" and "GMT+8" → one line. */
  withOffset: (dateTime: string, offset: string) => string;
}

const en: FormatMessages = {
  withOffset: (dateTime, offset) => `${dateTime} (${offset})`,
};

const zh: FormatMessages = {
  withOffset: (dateTime, offset) => `${dateTime}（${offset}）`,
};

const ms: FormatMessages = {
  withOffset: (dateTime, offset) => `${dateTime} (${offset})`,
};

export const formatMessages: Record<Lang, FormatMessages> = { en, zh, ms };
