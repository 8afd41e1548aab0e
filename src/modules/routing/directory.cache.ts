import pg from 'pg';
import type { Database } from '../../db/database.js';
import type { Logger } from '../../lib/logger.js';
import { loadRoutingDirectory } from './directory.loader.js';
import type { Directory } from './routing.types.js';

export const DIRECTORY_CHANNEL = 'pressdesk_directory';

export interface DirectoryCache {
  /** The current directory; loaded on first use and after every change. */
  get(): Promise<Directory>;
  /** Drops the cached copy (this process changed the directory and committed). */
  invalidate(): void;
  close(): Promise<void>;
}

/**
 * Routing reads the directory on every inquiry, so it is cached. Every change
 * to a directory table fires a NOTIFY (a trigger, see migration 0004); each
 * process LISTENs and drops its copy, so rules and hours change without a
 * restart in every process. If the listening connection breaks, the copy is
 * dropped too (a notification may have been missed) and the listener reconnects.
 */
export function createDirectoryCache(opts: { db: Database; listenUrl?: string | null; logger?: Logger }): DirectoryCache {
  let current: Directory | null = null;
  let loading: Promise<Directory> | null = null;
  // Bumped on every invalidation; a load that started before it is not kept.
  let generation = 0;
  let client: pg.Client | null = null;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;

  const invalidate = () => {
    generation++;
    current = null;
    loading = null;
  };

  async function listen(): Promise<void> {
    if (!opts.listenUrl || closed) return;
    const c = new pg.Client({ connectionString: opts.listenUrl });
    const lost = (err?: Error) => {
      if (client !== c) return;
      client = null;
      invalidate();
      if (closed) return;
      opts.logger?.warn({ err: err?.message }, 'directory listener lost; reconnecting');
      retryTimer = setTimeout(() => void listen().catch(() => lost()), 1_000);
      retryTimer.unref();
    };
    c.on('notification', (n) => {
      if (n.channel === DIRECTORY_CHANNEL) invalidate();
    });
    c.on('error', lost);
    c.on('end', () => lost());
    client = c;
    try {
      await c.connect();
      await c.query(`listen ${DIRECTORY_CHANNEL}`);
      invalidate(); // anything cached before listening may be stale
    } catch (err) {
      lost(err as Error);
      await c.end().catch(() => {});
    }
  }

  const ready = listen();

  return {
    async get() {
      if (current) return current;
      if (!loading) {
        const started = generation;
        const p = loadRoutingDirectory(opts.db).then(
          (d) => {
            if (generation === started) current = d;
            if (loading === p) loading = null;
            return d;
          },
          (err) => {
            if (loading === p) loading = null;
            throw err;
          },
        );
        loading = p;
      }
      return loading;
    },
    invalidate,
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      await ready.catch(() => {});
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
