import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';

/** The inquiry form at /inquiries/new. PLACEHOLDER. */
export const inquiryFormPages = new Hono<AppEnv>();
