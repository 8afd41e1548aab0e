import { createRouter } from '../../lib/openapi.js';

/** Integrators' and admins' API for releases: create, update, unpublish. PLACEHOLDER. */
export const articlesWriteRouter = createRouter();
