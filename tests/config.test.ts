import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, poolSize } from '../src/config.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The ConfigError thrown for env, or a failure if none is thrown. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig defaults', () => {
  it('an empty environment gives a working configuration with sensible defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      HOST: '127.0.0.1',
      DATA_DIR: '.data',
      LOG_LEVEL: 'info',
      WORKER: 'inline',
      WORKER_CONCURRENCY: 40,
      DB_POOL_SIZE: 20,
      BODY_LIMIT_BYTES: 64 * 1024,
      EMAIL_MAX_ATTEMPTS: 10,
      DEADLINE_MARGIN_MINUTES: 60,
      IDEMPOTENCY_TTL_HOURS: 24,
      SEED_DEMO: 'auto',
      PUBLIC_BASE_URL: 'http://localhost:3000',
      ORG_NAME: 'UNICEF',
      mailFrom: { name: 'UNICEF', address: 'press@pressdesk.example.org' },
      replyDomain: 'pressdesk.example.org',
    });
    // No database or SMTP server named: embedded Postgres and captured mail.
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.SMTP_URL).toBeUndefined();
    // No written-down password or fixed port: made per install, a free port per start.
    expect(c.DEMO_PASSWORD).toBeUndefined();
    expect(c.EMBEDDED_PG_PORT).toBeUndefined();
  });

  it('EMBEDDED_PG_PORT is read as a port; empty counts as unset', () => {
    expect(loadConfig({ EMBEDDED_PG_PORT: '55432' }).EMBEDDED_PG_PORT).toBe(55432);
    expect(loadConfig({ EMBEDDED_PG_PORT: '' }).EMBEDDED_PG_PORT).toBeUndefined();
  });

  it('reads and coerces values; empty URLs count as unset; a trailing slash is dropped from PUBLIC_BASE_URL', () => {
    const c = loadConfig({
      PORT: '8080',
      BODY_LIMIT_BYTES: '2048',
      SMTP_URL: '  ',
      DATABASE_URL: 'postgres://u@db.internal:5432/pressdesk',
      PUBLIC_BASE_URL: 'https://press.example.org/',
      MAIL_FROM: 'Media Desk <media@press.example.org>',
      REPLY_DOMAIN: 'reply.press.example.org',
    });
    expect(c.PORT).toBe(8080);
    expect(c.BODY_LIMIT_BYTES).toBe(2048);
    expect(c.SMTP_URL).toBeUndefined();
    expect(c.DATABASE_URL).toBe('postgres://u@db.internal:5432/pressdesk');
    expect(c.PUBLIC_BASE_URL).toBe('https://press.example.org');
    expect(c.mailFrom).toEqual({ name: 'Media Desk', address: 'media@press.example.org' });
    expect(c.replyDomain).toBe('reply.press.example.org');
  });

  it('MAIL_FROM may be a bare address; the display name is then the organisation (ORG_NAME)', () => {
    const c = loadConfig({ MAIL_FROM: 'press@example.org', ORG_NAME: 'UNICEF Malaysia' });
    expect(c.mailFrom).toEqual({ name: 'UNICEF Malaysia', address: 'press@example.org' });
    expect(c.replyDomain).toBe('example.org');
  });
});

describe('Postgres connections per process', () => {
  it('DB_POOL_SIZE, and at least one per job slot where the worker runs', () => {
    const c = loadConfig({ DB_POOL_SIZE: '20', WORKER_CONCURRENCY: '40' });
    expect(poolSize(c, true)).toBe(40);
    expect(poolSize(c, false)).toBe(20);
    expect(poolSize(loadConfig({ DB_POOL_SIZE: '50', WORKER_CONCURRENCY: '10' }), true)).toBe(50);
  });
});

describe('loadConfig refuses invalid values with a ConfigError naming the variable', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['SMTP_URL', 'not a url'],
    ['DATABASE_URL', 'not a url either'],
    ['PUBLIC_BASE_URL', 'localhost'],
    ['LOG_LEVEL', 'loud'],
    ['MAIL_FROM', 'nonsense'],
    ['MAIL_FROM', 'Pressdesk <press@example.org>\r\nBcc: victim@example.com'],
    ['ORG_NAME', 'UNICEF\r\nBcc: victim@example.com'],
    ['ORG_NAME', 'UNICEF <evil@example.com>'],
    ['ORG_NAME', '   '],
    ['WORKER', 'sometimes'],
    ['BODY_LIMIT_BYTES', '10'],
    ['EMAIL_MAX_ATTEMPTS', '0'],
    ['NODE_ENV', 'staging'],
    ['EMBEDDED_PG_PORT', '0'],
    ['EMBEDDED_PG_PORT', 'postgres'],
    ['DEMO_PASSWORD', 'short'],
  ])('%s=%j', (name, value) => {
    const err = configError({ [name]: value });
    expect(err.message).toMatch(new RegExp(`^\\s+- ${name}: `, 'm'));
    expect(err.issues.some((i) => i.startsWith(`${name}:`))).toBe(true);
  });

  it('metrics: no METRICS_TOKEN or METRICS_PORT by default (empty counts as unset); a short token, a bad port or PORT itself are refused', () => {
    for (const env of [{}, { METRICS_TOKEN: '', METRICS_PORT: '' }]) {
      const config = loadConfig(env);
      expect([config.METRICS_TOKEN, config.METRICS_PORT]).toEqual([undefined, undefined]);
    }
    const token = 'a'.repeat(40) + '==';
    expect(loadConfig({ METRICS_TOKEN: token, METRICS_PORT: '9464' })).toMatchObject({ METRICS_TOKEN: token, METRICS_PORT: 9464 });
    expect(configError({ METRICS_TOKEN: 'short' }).issues[0]).toMatch(/^METRICS_TOKEN: /);
    expect(configError({ METRICS_TOKEN: `${'a'.repeat(30)} b` }).issues[0]).toMatch(/^METRICS_TOKEN: /);
    expect(configError({ METRICS_PORT: '70000' }).issues[0]).toMatch(/^METRICS_PORT: /);
    expect(configError({ PORT: '9464', METRICS_PORT: '9464' }).issues[0]).toMatch(/^METRICS_PORT: must differ from PORT/);
  });

  it('several invalid variables are reported together', () => {
    const err = configError({ PORT: 'abc', LOG_LEVEL: 'loud', SMTP_URL: 'not a url' });
    expect(err.issues.map((i) => i.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT', 'SMTP_URL']);
  });
});

describe('the real entry point with a bad configuration', () => {
  function start(env: Record<string, string>) {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    // Only the variable under test is wrong; no database is needed because config fails first.
    delete childEnv.DATABASE_URL;
    delete childEnv.NODE_OPTIONS; // vitest's own loader hooks must not leak into the child
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', 'src/index.ts'], { cwd: root, env: childEnv, timeout: 30_000 }, (_err, stdout, stderr) =>
        resolve({ code: child.exitCode, stdout, stderr }),
      );
    });
  }

  it('PORT=abc → exit code 1, stderr names PORT, no stack trace, nothing started', async () => {
    const { code, stdout, stderr } = await start({ PORT: 'abc', DATA_DIR: '/nonexistent/pressdesk-config-test' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^\s+- PORT: /m);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toMatch(/ConfigError|\.ts:\d+/);
    expect(stdout).not.toContain('Pressdesk is running');
  });

  it('LOG_LEVEL=loud → exit code 1, stderr names LOG_LEVEL', async () => {
    const { code, stderr } = await start({ LOG_LEVEL: 'loud', DATA_DIR: '/nonexistent/pressdesk-config-test' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^\s+- LOG_LEVEL: /m);
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
