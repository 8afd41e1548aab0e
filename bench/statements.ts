/**
 * Statements (round trips) per inquiry: a second app built on the running
 * service's deps, except that its database is a pool of its own whose clients
 * record every query. Inquiries are posted one at a time, so each statement
 * is counted once per inquiry that caused it.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppDeps } from '../src/app-env.js';
import { INQUIRY_REQUESTS } from './load.js';

/** What counting needs from a source tree (type-only: loaded at run time, as importTree loads the service). */
interface AppModules {
  createApp: typeof import('../src/app.js').createApp;
  createPool: typeof import('../src/db/database.js').createPool;
  createDatabase: typeof import('../src/db/database.js').createDatabase;
  flushWriteBehindLimits: typeof import('../src/db/rate-limit.write-behind.js').flushWriteBehindLimits;
  createOpenLoadCache: typeof import('../src/modules/routing/open-loads.cache.js').createOpenLoadCache;
}

async function importApp(root: string): Promise<AppModules> {
  const load = (rel: string) => import(pathToFileURL(path.join(root, rel)).href);
  const [app, database, writeBehind, openLoads] = await Promise.all(
    ['src/app.ts', 'src/db/database.ts', 'src/db/rate-limit.write-behind.ts', 'src/modules/routing/open-loads.cache.ts'].map(load),
  );
  return {
    createApp: app.createApp,
    createPool: database.createPool,
    createDatabase: database.createDatabase,
    flushWriteBehindLimits: writeBehind.flushWriteBehindLimits,
    createOpenLoadCache: openLoads.createOpenLoadCache,
  };
}

export interface StatementRow {
  /** The first 70 characters of the SQL, whitespace collapsed, identifier quotes dropped. */
  sql: string;
  perInquiry: number;
  /** The rate-limit write-behind flush: written behind the response, batched, not on the request path. */
  writeBehind: boolean;
}

export interface StatementCount {
  inquiries: number;
  /** Statements per inquiry on the request path. */
  perInquiry: number;
  /** Write-behind flushes per inquiry (posting one at a time; fewer under load, where a flush carries many hits). */
  writeBehindPerInquiry: number;
  rows: StatementRow[];
}

const label = (text: string) => text.replace(/\s+/g, ' ').replace(/"/g, '').trim().slice(0, 70);
const isWriteBehind = (text: string) => /^\s*insert into "?rate_limits"?/i.test(text);

export async function countStatements(tree: string, deps: AppDeps, databaseUrl: string, inquiries = 20): Promise<StatementCount> {
  const mods = await importApp(tree);
  const seen: string[] = [];
  const pool = mods.createPool(databaseUrl, 4);
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text?: string } | undefined;
      seen.push(typeof first === 'string' ? first : (first?.text ?? '(no text)'));
      return query(...args);
    };
  });
  const db = mods.createDatabase(pool);
  // Everything but the database is the service's: queue, config, directory cache, mailer, clock, metrics.
  // The open-load cache starts empty, so the counts it reads (once a second per office) are counted here.
  const counted: AppDeps = { ...deps, db, openLoads: mods.createOpenLoadCache() };
  const app = mods.createApp(counted);
  try {
    for (let i = 0; i < inquiries; i++) {
      const { headers, body } = INQUIRY_REQUESTS[i % INQUIRY_REQUESTS.length]!;
      const res = await app.request('/api/inquiries', { method: 'POST', headers, body });
      if (res.status !== 201) throw new Error(`counting statements: POST /api/inquiries answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    }
    // What is still held for the write-behind flush is written now, through this pool, and counted.
    await mods.flushWriteBehindLimits(counted);
  } finally {
    await db.destroy();
  }
  const counts = new Map<string, { n: number; writeBehind: boolean }>();
  for (const text of seen) {
    const key = label(text);
    const c = counts.get(key) ?? { n: 0, writeBehind: isWriteBehind(text) };
    c.n++;
    counts.set(key, c);
  }
  const rows = [...counts].map(([sql, c]) => ({ sql, perInquiry: c.n / inquiries, writeBehind: c.writeBehind }));
  const sum = (xs: StatementRow[]) => xs.reduce((s, r) => s + r.perInquiry, 0);
  return {
    inquiries,
    perInquiry: sum(rows.filter((r) => !r.writeBehind)),
    writeBehindPerInquiry: sum(rows.filter((r) => r.writeBehind)),
    rows,
  };
}

export function formatStatements(s: StatementCount): string {
  const n = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));
  const width = Math.max(...s.rows.map((r) => r.sql.length), 9);
  return [
    `Statements per inquiry, ${s.inquiries} inquiries posted one at a time through the app on a counting pool (first use order):`,
    `  ${'statement'.padEnd(width)}  per inquiry`,
    ...s.rows.map((r) => `  ${r.sql.padEnd(width)}  ${n(r.perInquiry).padStart(11)}${r.writeBehind ? '  (write-behind flush, not on the request path)' : ''}`),
    `  ${'request path, total'.padEnd(width)}  ${n(s.perInquiry).padStart(11)}`,
    'Not counted: the routing directory (the service\'s cache, loaded through its own pool and kept until a directory change) and the worker\'s sending.',
    'The officers\' open loads are counted at most once a second per office (here: the first inquiry to each office of two or more officers).',
  ].join('\n');
}

/** The one-line figure for the summary. */
export function statementsLine(s: StatementCount): string {
  const fix = (x: number) => x.toFixed(2);
  return (
    `statements per inquiry on the request path: ${fix(s.perInquiry)} (${s.inquiries} inquiries, one at a time); ` +
    `the rate-limit write-behind flush, batched every 25 ms behind the response, added ${fix(s.writeBehindPerInquiry)} more`
  );
}
