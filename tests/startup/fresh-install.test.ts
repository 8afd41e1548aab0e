import { appendFileSync, chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/lib/embedded-postgres.js';
import { cleanEnv, eventually, isAlive, postmasterPid, runTs, stopAllChildren, stopLeftoverPostgres, type Child } from './child-process.js';

// A fresh install started for real (`node --import tsx src/index.ts`, embedded
// Postgres, no HOST, no DEMO_PASSWORD), then restarted, killed hard and broken
// on purpose. The tests run in order on one data folder.

const START_MS = 60_000; // an embedded Postgres can take 5-20 s to start on a loaded machine

let dataDir: string;
let port: number;
let pgPort: number;
let base: string;
let server: Child | null = null;

const env = (extra: Record<string, string> = {}) =>
  cleanEnv({ DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'warn', ...extra });

async function start(): Promise<Child> {
  const child = runTs('src/index.ts', env(), 90_000);
  await child.waitForStdout(/Pressdesk is running at/, START_MS);
  return child;
}

async function failedStart(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = runTs('src/index.ts', env(), 90_000);
  const exit = await child.waitForExit(START_MS);
  return { code: exit.code, stdout: child.stdout(), stderr: child.stderr() };
}

const printedPassword = (child: Child) => child.stdout().match(/password: (\S+)\s+\(kept in (\S+)\)/)?.slice(1);

async function signIn(email: string, password: string): Promise<number> {
  const res = await fetch(`${base}/desk/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }).toString(),
    redirect: 'manual',
  });
  await res.arrayBuffer();
  return res.status;
}

/** The error code Postgres answers a superuser connection with this password (null: it let us in). */
async function superuserLogin(password: string): Promise<string | null> {
  const client = new pg.Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password, database: 'postgres' });
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'pressdesk-fresh-install-'));
  chmodSync(dataDir, 0o755); // as root, Postgres runs as the postgres user and must traverse it
  port = await freePort();
  pgPort = await freePort();
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await stopAllChildren();
  await stopLeftoverPostgres(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
}, 40_000);

describe('a fresh install: `npm start` on an empty DATA_DIR with no HOST and no DEMO_PASSWORD', () => {
  it('prints a random demo password kept in DATA_DIR/demo-password (0600) that signs in, while the old published one does not', async () => {
    server = await start();
    const [password, file] = printedPassword(server) ?? [];
    expect(file).toBe(path.join(dataDir, 'demo-password'));
    expect(password).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(readFileSync(file!, 'utf8').trim()).toBe(password);
    expect(statSync(file!).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dataDir, 'postgres-password')).mode & 0o777).toBe(0o600);
    expect(server.stdout()).not.toContain('pressdesk-demo');

    expect(await signIn('desk.admin@example.org', password!)).toBe(303);
    expect(await signIn('indra.nadchatram@example.org', 'pressdesk-demo')).toBe(401);
    expect(server.stderr()).toBe('');
  }, 90_000);

  it('listens on loopback by default, and its embedded Postgres on EMBEDDED_PG_PORT over TCP only (no socket in /tmp)', async () => {
    expect(server!.stdout()).toContain('(listening on 127.0.0.1, this machine only');
    const lines = readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n');
    expect(Number(lines[3])).toBe(pgPort);
    expect(lines[4]).toBe(''); // the socket directory: none
    expect(existsSync(`/tmp/.s.PGSQL.${pgPort}`)).toBe(false);
    // The superuser password is the per-install one, not the old fixed 'postgres'.
    expect(await superuserLogin('postgres')).toBe('28P01');
    expect(await superuserLogin(readFileSync(path.join(dataDir, 'postgres-password'), 'utf8').trim())).toBeNull();
  }, 30_000);

  it('a second start keeps the demo password; a cluster still on the old superuser password is moved to a per-install one', async () => {
    const [password] = printedPassword(server!)!;
    // As a cluster made by an earlier version: superuser password 'postgres', no password file.
    const client = new pg.Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password: readFileSync(path.join(dataDir, 'postgres-password'), 'utf8').trim(), database: 'postgres' });
    await client.connect();
    await client.query(`alter user postgres with password 'postgres'`);
    await client.end();
    expect(await server!.stop('SIGTERM', 20_000)).toEqual({ code: 0, signal: null });
    rmSync(path.join(dataDir, 'postgres-password'));

    server = await start();
    expect(printedPassword(server)?.[0]).toBe(password);
    expect(await signIn('juana.jaafar@example.org', password!)).toBe(303);
    const superuser = readFileSync(path.join(dataDir, 'postgres-password'), 'utf8').trim();
    expect(superuser).toMatch(/^[A-Za-z0-9_-]{24,}$/);
    expect(await superuserLogin('postgres')).toBe('28P01');
    expect(await superuserLogin(superuser)).toBeNull();
  }, 120_000);

  it('after `kill -9` of the service and of its Postgres, the next start works and keeps the data', async () => {
    const pgPid = postmasterPid(dataDir)!;
    server!.proc.kill('SIGKILL');
    process.kill(pgPid, 'SIGKILL');
    expect((await server!.waitForExit(10_000)).signal).toBe('SIGKILL');
    expect(await eventually(async () => isAlive(pgPid), (alive) => !alive, 10_000)).toBe(false);

    server = await start();
    expect(postmasterPid(dataDir)).not.toBe(pgPid);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await signIn('dale.rutstein@example.org', printedPassword(server)![0]!)).toBe(303);
    expect(await server.stop('SIGTERM', 20_000)).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('an embedded Postgres that will not start (a bad setting in its postgresql.conf): one line naming it, with the end of its log', async () => {
    const conf = path.join(dataDir, 'postgres', 'postgresql.conf');
    const original = readFileSync(conf);
    appendFileSync(conf, '\nmax_connections = lots\n');
    try {
      const { code, stdout, stderr } = await failedStart();
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/^\s+at |TypeError|reading 'code'/m);
      expect(stderr).toContain(`The embedded Postgres in ${path.join(dataDir, 'postgres')} did not start`);
      expect(stderr).toMatch(/Its log ends: .*max_connections/);
      expect(stdout).not.toContain('Pressdesk is running');
    } finally {
      writeFileSync(conf, original);
    }
  }, 90_000);

  it('an embedded Postgres whose EMBEDDED_PG_PORT is taken: one line with its log saying the address is in use', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(pgPort, '127.0.0.1', resolve));
    try {
      const { code, stdout, stderr } = await failedStart();
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(stderr).toMatch(/did not start: .*Its log ends: .*could not bind IPv4 address "127\.0\.0\.1": Address already in use/);
      expect(stdout).not.toContain('Pressdesk is running');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  }, 90_000);
});
