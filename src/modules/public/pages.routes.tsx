import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';

/** The media centre's pages for readers. PLACEHOLDER. */
export const publicPages = new Hono<AppEnv>();
