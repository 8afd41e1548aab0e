import type { Config } from './config.js';
import { DatabaseUnreachableError } from './db/check-database.js';
import { DataDirInUseError, EmbeddedPostgresError } from './lib/embedded-postgres.js';

/**
 * One line for a person reading a terminal: what is wrong and what to do.
 * Takes any thrown value (a library may throw undefined or a string).
 */
export function describeStartupFailure(err: unknown, config: Pick<Config, 'PORT' | 'HOST' | 'METRICS_PORT'>): string {
  let line: string;
  if (err instanceof DataDirInUseError || err instanceof EmbeddedPostgresError || err instanceof DatabaseUnreachableError) {
    line = err.message;
  } else if ((err as NodeJS.ErrnoException | null | undefined)?.code === 'EADDRINUSE') {
    line =
      (err as { port?: number }).port === config.METRICS_PORT
        ? `Port ${config.METRICS_PORT} on 127.0.0.1 is already in use. Stop what runs there or start with METRICS_PORT=<another port>.`
        : `Port ${config.PORT} on ${config.HOST} is already in use. Stop what runs there or start with PORT=<another port>.`;
  } else if ((err as NodeJS.ErrnoException | null | undefined)?.code === 'EADDRNOTAVAIL') {
    line = `HOST=${config.HOST} is not an address of this machine; use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).`;
  } else {
    const what = err instanceof Error ? err.message : err === undefined ? 'an error without a message' : String(err);
    line = `Pressdesk did not start: ${what} (LOG_LEVEL=debug shows the details).`;
  }
  return line
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' | ');
}
