import { createRouter } from '../../lib/openapi.js';
import type { AppEnv } from '../../app-env.js';
import { shareApi } from './share.api.js';
import { shareAssets } from './share.assets.js';
import { sharesDeskPage } from './share.desk-page.js';
import { sharePages } from './share.pages.js';
import { unsubscribePages } from './share.unsubscribe.js';

/**
 * "Email this article": the API and its ALTCHA challenge, the page form, the
 * one-click unsubscribe pages, the widget's files and the desk's counts.
 */
export const shareRouter = createRouter<AppEnv>()
  .route('/', shareApi)
  .route('/', sharePages)
  .route('/', unsubscribePages)
  .route('/', shareAssets)
  .route('/', sharesDeskPage);
