import { createDatabase, createPool, type Database } from '../../src/db/database.js';

/** A database handle on a pool of its own whose clients record the text of every statement they send, in order. */
export function countingDatabase(url: string): { db: Database; sent: string[]; close(): Promise<void> } {
  const sent: string[] = [];
  const pool = createPool(url, 4);
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const q = args[0] as string | { text: string };
      sent.push(typeof q === 'string' ? q : q.text);
      return query(...args);
    };
  });
  const db = createDatabase(pool);
  return { db, sent, close: () => db.destroy() };
}
