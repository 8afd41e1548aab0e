import pg from 'pg';
import { backoffDelay, type Backoff } from '../lib/backoff.js';
import type { Logger } from '../lib/logger.js';

export interface ListenOptions {
  url: string;
  channel: string;
  /** For the log lines. */
  name: string;
  onNotification(payload: string | undefined): void;
  /** LISTEN is in place (at start and after every reconnect); notifications before it may have been missed. */
  onListening?(): void;
  /** The connection broke; until onListening, notifications are missed. */
  onLost?(): void;
  logger?: Logger;
  backoff?: Backoff;
}

export interface Listener {
  /** True while LISTEN is in place. */
  listening(): boolean;
  /** Settles once the first attempt to listen succeeded or failed. */
  ready: Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_BACKOFF: Backoff = { baseMs: 250, maxMs: 15_000 };

/**
 * A connection of its own that LISTENs on one channel (a pool's clients come
 * and go; LISTEN needs one that stays). When it breaks it reconnects, waiting
 * longer after each failure (capped, with jitter) until Postgres is back.
 */
export function listen(opts: ListenOptions): Listener {
  // Channels are names from our code, written into the statement as they are.
  if (!/^[a-z_][a-z0-9_]*$/.test(opts.channel)) throw new Error(`not a plain channel name: ${opts.channel}`);
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  let client: pg.Client | null = null;
  let isListening = false;
  let closed = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | null = null;

  async function connect(): Promise<void> {
    if (closed) return;
    const c = new pg.Client({ connectionString: opts.url });
    let gone = false;
    const lost = (err?: Error) => {
      if (gone) return;
      gone = true;
      if (client === c) client = null;
      const wasListening = isListening;
      isListening = false;
      void c.end().catch(() => {});
      if (closed) return;
      if (wasListening) opts.onLost?.();
      const delay = backoffDelay(attempt++, backoff);
      opts.logger?.warn({ listener: opts.name, err: err?.message, retryInMs: delay }, 'database listener lost; reconnecting');
      retryTimer = setTimeout(() => {
        retryTimer = null;
        void connect();
      }, delay);
      retryTimer.unref();
    };
    // Every error of this client is handled here, during connect and after.
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', (n) => {
      if (n.channel === opts.channel) opts.onNotification(n.payload);
    });
    client = c;
    try {
      await c.connect();
      await c.query(`listen ${opts.channel}`);
    } catch (err) {
      lost(err as Error);
      return;
    }
    if (gone || closed) return;
    attempt = 0;
    isListening = true;
    opts.onListening?.();
  }

  const ready = connect();

  return {
    listening: () => isListening,
    ready,
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      await ready.catch(() => {});
      isListening = false;
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
