import type { Database } from '../../db/database.js';
import { listen, type Listener } from '../../db/listener.js';
import type { Logger } from '../../lib/logger.js';
import { loadDigestStaff, loadRoutingDirectory, loadTopicCodes } from './directory.repository.js';
import type { Directory } from './routing.types.js';

export const DIRECTORY_CHANNEL = 'pressdesk_directory';

export interface DirectoryCache {
  /** The current directory; loaded on first use and after every change. */
  get(): Promise<Directory>;
  /**
   * Accounts that take new-inquiry alerts in their digest (lower-case address →
   * account id), loaded and dropped with the directory: intake asks on every
   * inquiry, and a change of an account's choice notifies like a directory change.
   */
  digestStaff(): Promise<ReadonlyMap<string, string>>;
  /** The codes of the topics an inquiry may name (a topics change notifies like a directory change). */
  topicCodes(): Promise<ReadonlySet<string>>;
  /** Drops the cached copy (this process changed the directory and committed). */
  invalidate(): void;
  close(): Promise<void>;
}

interface Snapshot {
  directory: Directory;
  digestStaff: ReadonlyMap<string, string>;
  topicCodes: ReadonlySet<string>;
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
  let current: Snapshot | null = null;
  let loading: Promise<Snapshot> | null = null;
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

  const snapshot = (): Promise<Snapshot> => {
    if (current) return Promise.resolve(current);
    if (!loading) {
      const started = generation;
      const all = Promise.all([loadRoutingDirectory(opts.db), loadDigestStaff(opts.db), loadTopicCodes(opts.db)]);
      const p = all.then(
        ([directory, digestStaff, topicCodes]) => {
          const d = { directory, digestStaff, topicCodes };
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
  };

  return {
    get: async () => (await snapshot()).directory,
    digestStaff: async () => (await snapshot()).digestStaff,
    topicCodes: async () => (await snapshot()).topicCodes,
    invalidate,
    async close() {
      await listener?.close();
    },
  };
}
