import type { Env } from 'hono';
import type { Config } from '../config.js';
import type { Logger } from './logger.js';

/**
 * The little of the app's Hono env that the plumbing reads: the settings and the
 * logger among the deps, and the request id. The app's env (src/app-env.ts) has
 * more; src/lib is generic over any env with at least this, so it never names the
 * composition above it.
 */
export interface LibEnv extends Env {
  Variables: {
    deps: { config: Config; logger: Logger; shuttingDown?: () => boolean };
    requestId: string;
  };
}
