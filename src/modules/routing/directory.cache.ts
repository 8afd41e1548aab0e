import type { Database } from '../../db/database.js';
import { listen, type Listener } from '../../db/listener.js';
import type { Logger } from '../../lib/logger.js';
import { loadRoutingDirectory } from './directory.repository.js';
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
 * restart in every process. While the listening connection is down nothing is
 * cached (a change would go unnoticed): every get() reads the tables until the
 * listener is back, which drops the copy once more.
 */
export function createDirectoryCache(opts: { db: Database; listenUrl?: string | null; logger?: Logger }): DirectoryCache {
  let current: Directory | null = null;
  let loading: Promise<Directory> | null = null;
  // Bumped on every invalidation; a load that started before it is not kept.
  let generation = 0;

  const invalidate = () => {
    generation++;
    current = null;
    loading = null;
  };

  // Without a listenUrl the process only sees its own changes (invalidate()), and caches regardless.
  const listener: Listener | null = opts.listenUrl
    ? listen({
        url: opts.listenUrl,
        channel: DIRECTORY_CHANNEL,
        name: 'directory',
        logger: opts.logger,
        onNotification: invalidate,
        onListening: invalidate, // anything cached before listening may be stale
        onLost: invalidate,
      })
    : null;
  const mayCache = () => !listener || listener.listening();

  return {
    async get() {
      if (current) return current;
      if (!loading) {
        const started = generation;
        const p = loadRoutingDirectory(opts.db).then(
          (d) => {
            if (generation === started && mayCache()) current = d;
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
      await listener?.close();
    },
  };
}
