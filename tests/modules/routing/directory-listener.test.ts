import net from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectoryCache, DIRECTORY_CHANNEL, type DirectoryCache } from '../../../src/modules/routing/directory.cache.js';
import { backoffDelay } from '../../../src/lib/backoff.js';
import { buildTestContext, type TestContext } from '../../helpers/app.js';

// The directory cache's LISTEN connection goes through a loopback proxy the
// test can cut, while its queries go straight to Postgres: so the listener
// can be down while the database is up, and we can see what the cache serves.

interface Proxy {
  url: string;
  /** Drops every connection through it and refuses new ones. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

async function startProxy(target: URL): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) return client.destroy();
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  url.searchParams.set('application_name', APP_NAME); // tells its connection apart from the test context's own listener
  return {
    url: url.toString(),
    cut() {
      refusing = true;
      for (const s of sockets) s.destroy();
    },
    restore: () => (refusing = false),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const APP_NAME = 'directory-behind-proxy';
let t: TestContext;
let proxy: Proxy;
let cache: DirectoryCache;

async function listeners(): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity
    where datname = current_database() and application_name = ${APP_NAME} and query = ${`listen ${DIRECTORY_CHANNEL}`}`.execute(t.db);
  return rows[0]!.n;
}

/** A rule added without firing the directory trigger (replica mode): only a fresh load sees it. */
async function addSilentRule(name: string): Promise<void> {
  await t.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    const hq = await trx.selectFrom('offices').select('id').where('code', '=', 'hq').executeTakeFirstOrThrow();
    await trx.insertInto('routing_rules').values({ position: 90, name, conditions: JSON.stringify({ keywords: [name] }), office_id: hq.id }).execute();
  });
}

const ruleNames = async () => (await cache.get()).rules.map((r) => r.name);

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 8_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
  proxy = await startProxy(new URL(t.tdb.url));
  cache = createDirectoryCache({ db: t.db, listenUrl: proxy.url });
  expect(await until(listeners, (n) => n === 1)).toBe(1);
});

afterAll(async () => {
  await cache?.close();
  await proxy?.close();
  await t?.close();
});

describe('the directory cache while its LISTEN connection is lost', () => {
  it('caches while listening, serves fresh reads while the listener is down, and listens and caches again once it reconnects', async () => {
    await ruleNames(); // cached now
    await addSilentRule('silent-one');
    expect(await ruleNames()).not.toContain('silent-one'); // served from the cache

    proxy.cut();
    expect(await until(listeners, (n) => n === 0)).toBe(0);
    // Down: a change made now could not be announced, so nothing is kept: every read is fresh.
    expect(await until(ruleNames, (names) => names.includes('silent-one'))).toContain('silent-one');
    await addSilentRule('silent-two');
    expect(await ruleNames()).toContain('silent-two');

    proxy.restore();
    expect(await until(listeners, (n) => n === 1, 20_000)).toBe(1);
    // Back: one fresh load, then cached again.
    await addSilentRule('silent-three');
    expect(await until(ruleNames, (names) => names.includes('silent-three'))).toContain('silent-three');
    await addSilentRule('silent-four');
    expect(await ruleNames()).not.toContain('silent-four');
  }, 30_000);

  it('waits longer after each failed reconnect, never beyond the cap, with jitter', () => {
    const backoff = { baseMs: 250, maxMs: 15_000 };
    const lowest = Array.from({ length: 12 }, (_, attempt) => backoffDelay(attempt, backoff, () => 0));
    const highest = Array.from({ length: 12 }, (_, attempt) => backoffDelay(attempt, backoff, () => 1));
    expect(lowest.slice(0, 4)).toEqual([125, 250, 500, 1_000]);
    expect(highest.slice(0, 4)).toEqual([250, 500, 1_000, 2_000]);
    expect(Math.max(...highest)).toBe(15_000);
    expect(highest.at(-1)).toBe(15_000);
    expect(lowest.at(-1)).toBe(7_500);
    expect(backoffDelay(1_000, backoff, () => 0.5)).toBe(11_250);
  });
});
