import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/lib/embedded-postgres.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { cleanEnv, runTs, stopAllChildren } from './child-process.js';

// The real entry point, started wrong on purpose: each failure is one line on
// stderr naming the problem, exit code 1, no stack trace, nothing served.
// These use DATABASE_URL (or fail before the database), so no embedded Postgres starts.

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
}, 30_000);

afterAll(async () => {
  await stopAllChildren();
  await tdb?.drop();
}, 30_000);

async function failedStart(env: Record<string, string>) {
  const child = runTs('src/index.ts', cleanEnv({ LOG_LEVEL: 'warn', DATA_DIR: '/nonexistent/pressdesk-start-up-failures', ...env }), 40_000);
  const exit = await child.waitForExit(40_000);
  return { exit, stdout: child.stdout(), stderr: child.stderr() };
}

function expectOneReadableLine(stderr: string) {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/Error:|\.ts:\d+/);
}

describe('start-up failures of `npm start` are said in one line', () => {
  it('a port already in use: exit 1, the line names the port and the way out (PORT=)', async () => {
    const holder = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      const { exit, stdout, stderr } = await failedStart({ DATABASE_URL: tdb.url, PORT: String(port), SEED_DEMO: 'false' });
      expect(exit).toEqual({ code: 1, signal: null });
      expectOneReadableLine(stderr);
      expect(stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(stderr).toContain('PORT=<another port>');
      expect(stdout).not.toContain('Pressdesk is running');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  }, 60_000);

  it('an unreachable DATABASE_URL (a closed loopback port): the line names host:port and the reason, never the password', async () => {
    const closed = await freePort();
    const { exit, stdout, stderr } = await failedStart({
      DATABASE_URL: `postgres://pressdesk:not-to-be-printed-7Qx@127.0.0.1:${closed}/pressdesk`,
      PORT: String(await freePort()),
    });
    expect(exit).toEqual({ code: 1, signal: null });
    expectOneReadableLine(stderr);
    expect(stderr).toContain(`Cannot use the database at 127.0.0.1:${closed} (DATABASE_URL): connection refused`);
    expect(stderr + stdout).not.toContain('not-to-be-printed-7Qx');
    expect(stdout).not.toContain('Pressdesk is running');
  }, 60_000);

  it('a bad setting (EMBEDDED_PG_PORT=70000): exit 1, the message names the variable, no stack trace', async () => {
    const { exit, stdout, stderr } = await failedStart({ EMBEDDED_PG_PORT: '70000' });
    expect(exit).toEqual({ code: 1, signal: null });
    expect(stderr).toMatch(/^\s+- EMBEDDED_PG_PORT: /m);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stdout).not.toContain('Pressdesk is running');
  }, 60_000);
});
