import { createRouter } from '../../lib/openapi.js';

/** "Email this article": the API, the page form, the challenge, opt-out pages. PLACEHOLDER. */
export const shareRouter = createRouter();
