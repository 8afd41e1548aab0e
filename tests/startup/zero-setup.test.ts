import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/lib/embedded-postgres.js';
import { validInquiry } from '../helpers/app.js';
import {
  cleanEnv,
  eventually,
  isAlive,
  postgresProcessesFor,
  postmasterPid,
  runTs,
  stopAllChildren,
  stopLeftoverPostgres,
  type Child,
} from './child-process.js';

// `npm start` on a fresh clone, for real: the entry point in its own process,
// an embedded Postgres in an empty folder, no DATABASE_URL, no SMTP_URL.

let dataDir: string;
let port: number;
let base: string;
let server: Child;
const otherDirs: string[] = [];

function tempDataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pressdesk-zero-setup-'));
  chmodSync(dir, 0o755); // as root, Postgres runs as the postgres user and must traverse it
  return dir;
}

const serverEnv = () => cleanEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' });

async function startServer(): Promise<Child> {
  // It serves every test in this file, so it may live longer than runTs's default hard limit on a busy machine.
  const child = runTs('src/index.ts', serverEnv(), 180_000);
  await child.waitForStdout(/Pressdesk is running at/, 30_000);
  return child;
}

async function getJson<T = any>(p: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${p}`);
  return { status: res.status, body: (await res.json()) as T };
}

async function postInquiry(email: string) {
  const res = await fetch(`${base}/api/inquiries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(validInquiry({ email })),
  });
  return { status: res.status, body: (await res.json()) as { reference: string; statusUrl: string } };
}

async function postForm(p: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${p}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

/** The demo admin's session cookie (captured mail is for admins only); kept, as sessions survive a restart. */
let adminCookie: string | null = null;
async function adminSession(): Promise<string> {
  if (adminCookie) return adminCookie;
  // A fresh install's demo password: random, printed by npm start and kept in the data folder.
  const password = readFileSync(path.join(dataDir, 'demo-password'), 'utf8').trim();
  const res = await postForm('/desk/sign-in', { email: 'desk.admin@example.org', password });
  expect(res.status).toBe(303);
  adminCookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
  return adminCookie;
}

/** The captured-mail rows (kind, status) addressed to `to`, as the mailbox page lists them to an admin. */
async function mailboxRowsFor(to: string): Promise<string[]> {
  const html = await (await fetch(`${base}/dev/mailbox`, { headers: { cookie: await adminSession() } })).text();
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((m) => m[1]!)
    .filter((row) => row.includes(`<td>${to}</td>`))
    .map((row) => [...row.matchAll(/<td>([a-z_]+)<\/td>/g)].map((c) => c[1]).join(' '));
}

beforeAll(async () => {
  dataDir = tempDataDir();
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = await startServer();
}, 40_000);

afterAll(async () => {
  await stopAllChildren();
  for (const dir of [dataDir, ...otherDirs]) {
    await stopLeftoverPostgres(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);

describe('zero set-up: `npm start` (node --import tsx src/index.ts) on an empty DATA_DIR', () => {
  it('prints the URL it serves and where captured mail is read', () => {
    const out = server.stdout();
    expect(out).toContain(`Pressdesk is running at http://localhost:${port}`);
    expect(out).toMatch(new RegExp(`Mail:\\s+captured, read it at http://localhost:${port}/dev/mailbox`));
    expect(out).toContain(`embedded Postgres, data in ${dataDir}/postgres`);
    expect(server.stderr()).not.toMatch(/error/i);
  });

  it('ready, with the demo directory loaded (4 offices, 5 contacts)', async () => {
    const ready = await getJson('/readyz');
    expect(ready).toEqual({ status: 200, body: { status: 'ok', checks: { database: 'ok', queue: 'ok' } } });
    const { body } = await getJson<{ offices: { code: string }[] }>('/api/offices');
    expect(body.offices.map((o) => o.code).sort()).toEqual(['china', 'eapro', 'hq', 'malaysia']);
    const contacts = await getJson<{ contacts: unknown[] }>('/api/contacts');
    expect(contacts.body.contacts).toHaveLength(5);
  });

  it('an inquiry → 201, and the inline worker captures the acknowledgement in /dev/mailbox', async () => {
    const email = `zero.ack.${Date.now()}@example.com`;
    const { status, body } = await postInquiry(email);
    expect(status).toBe(201);
    // No PUBLIC_BASE_URL: links point at this server's own port.
    expect(body.statusUrl.startsWith(`http://localhost:${port}/inquiries/status/`)).toBe(true);
    const rows = await eventually(() => mailboxRowsFor(email), (r) => r.includes('acknowledgement captured'));
    expect(rows).toEqual(['acknowledgement captured']);
  });

  it('captured mail: a stranger gets 404 at /dev/mailbox; a sign-in link for the admin is captured, but not even the admin can read the link', async () => {
    expect((await postForm('/desk/sign-in/link', { email: 'desk.admin@example.org' })).status).toBe(200);
    const rows = await eventually(() => mailboxRowsFor('desk.admin@example.org'), (r) => r.includes('sign_in_link captured'));
    expect(rows).toContain('sign_in_link captured');

    const anonymous = await fetch(`${base}/dev/mailbox`);
    expect(anonymous.status).toBe(404);
    expect(await anonymous.text()).not.toContain('desk.admin@example.org');

    const cookie = await adminSession();
    const list = await (await fetch(`${base}/dev/mailbox`, { headers: { cookie } })).text();
    const ids = [...list.matchAll(/href="\/dev\/mailbox\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      for (const p of [`/dev/mailbox/${id}`, `/dev/mailbox/${id}/html`]) {
        const res = await fetch(`${base}${p}`, { headers: { cookie } });
        expect(await res.text()).not.toContain('/desk/sign-in/link/');
        expect((await fetch(`${base}${p}`)).status).toBe(404);
      }
    }
  });

  it('a second server on the same DATA_DIR exits 1 with a message naming the data folder, no stack trace', async () => {
    const second = runTs('src/index.ts', { ...serverEnv(), PORT: String(await freePort()) }, 20_000);
    const exit = await second.waitForExit(20_000);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(second.stderr()).toContain(`already using the data in ${dataDir}`);
    expect(second.stderr()).toContain('DATA_DIR=');
    expect(second.stderr().trim().split('\n')).toHaveLength(1);
    expect(second.stderr()).not.toMatch(/^\s+at /m);
    expect(second.stdout()).not.toContain('Pressdesk is running');
    // The first one is unharmed.
    expect((await getJson('/readyz')).status).toBe(200);
  });

  it('`db:seed` while the server runs attaches to its Postgres and is idempotent', async () => {
    const pgPid = postmasterPid(dataDir);
    expect(pgPid).not.toBeNull();
    const seed = runTs('src/cli/seed.ts', cleanEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), 20_000);
    const exit = await seed.waitForExit(20_000);
    expect({ exit, stderr: seed.stderr() }).toEqual({ exit: { code: 0, signal: null }, stderr: '' });
    expect(seed.stdout()).toContain('Demo data is loaded');
    // Same Postgres still serving (the seed neither started its own nor stopped the server's).
    expect(postmasterPid(dataDir)).toBe(pgPid);
    expect((await getJson('/readyz')).status).toBe(200);
    expect((await getJson<{ offices: unknown[] }>('/api/offices')).body.offices).toHaveLength(4);
    expect((await getJson<{ contacts: unknown[] }>('/api/contacts')).body.contacts).toHaveLength(5);
    expect((await getJson<{ articles: unknown[] }>('/api/articles')).body.articles).toHaveLength(1);
  });

  it('SIGTERM during start-up → start-up completes, then a clean exit 0; no ownerless Postgres keeps the folder', async () => {
    const dir = tempDataDir();
    otherDirs.push(dir);
    const early = runTs('src/index.ts', cleanEnv({ DATA_DIR: dir, PORT: String(await freePort()), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }));
    // The embedded Postgres is up (its pid file exists) but the service is not yet listening.
    const pgPid = await eventually(async () => postmasterPid(dir), (p) => p !== null, 30_000);
    expect(pgPid).not.toBeNull();
    expect(early.stdout()).not.toContain('Pressdesk is running');
    expect(await early.stop('SIGTERM', 20_000)).toEqual({ code: 0, signal: null });
    expect(isAlive(pgPid!)).toBe(false);
    expect(postgresProcessesFor(dir)).toEqual([]);
    expect(existsSync(path.join(dir, 'postgres', 'postmaster.pid'))).toBe(false);
    expect(early.stderr()).toBe('');
  }, 40_000);

  // Declared last: it stops the server the tests above use.
  it('SIGTERM → exit 0 within the grace period, embedded Postgres stopped; a restart keeps the data and does not re-seed', async () => {
    const email = `zero.restart.${Date.now()}@example.com`;
    const inquiry = await postInquiry(email);
    expect(inquiry.status).toBe(201);
    const statusPath = new URL(inquiry.body.statusUrl).pathname;
    await eventually(() => mailboxRowsFor(email), (r) => r.includes('acknowledgement captured'));

    const pgPid = postmasterPid(dataDir)!;
    expect(isAlive(pgPid)).toBe(true);
    const started = Date.now();
    const exit = await server.stop('SIGTERM', 16_000); // index.ts gives itself 15 s
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(isAlive(pgPid)).toBe(false);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    server = await startServer();
    expect(postmasterPid(dataDir)).not.toBe(pgPid);
    const page = await fetch(`${base}${statusPath}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(inquiry.body.reference);
    expect(await mailboxRowsFor(email)).toEqual(['acknowledgement captured']);
    expect((await getJson<{ offices: unknown[] }>('/api/offices')).body.offices).toHaveLength(4);
    expect((await getJson<{ contacts: unknown[] }>('/api/contacts')).body.contacts).toHaveLength(5);
    expect((await getJson<{ articles: unknown[] }>('/api/articles')).body.articles).toHaveLength(1);

    expect(await server.stop('SIGTERM', 16_000)).toEqual({ code: 0, signal: null });
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  }, 40_000);
});
