import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { freePort } from '../../../src/lib/embedded-postgres.js';
import { createLogger } from '../../../src/lib/logger.js';
import { startService, type Running } from '../../../src/runtime.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

// METRICS_PORT: runtime.ts starts a second, small server for /metrics on 127.0.0.1 next to the
// public one, and stops it with it. The service runs for real here (its own database, no worker).

const TOKEN = 'metrics-scraper-token-0123456789abcdef';
let tdb: TestDatabase;
let running: Running | null = null;
let metricsPort: number;

beforeAll(async () => {
  tdb = await createTestDatabase();
  metricsPort = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: tdb.url,
    HOST: '127.0.0.1',
    PORT: '0',
    WORKER: 'off',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    METRICS_PORT: String(metricsPort),
    INBOUND_SMTP: 'off',
  });
  running = await startService(config, createLogger('silent'));
}, 30_000);
afterAll(async () => {
  await running?.stop('test over');
  await tdb.drop();
});

const publicUrl = (p: string) => `${running!.url.replace('localhost', '127.0.0.1')}${p}`;

it('serves /metrics on 127.0.0.1:METRICS_PORT and not on the public port; stopping the service closes both', async () => {
  expect(running!.metricsUrl).toBe(`http://127.0.0.1:${metricsPort}/metrics`);
  expect((await fetch(publicUrl('/readyz'))).status).toBe(200);

  const scraped = await fetch(running!.metricsUrl!);
  expect(scraped.status).toBe(200);
  expect(scraped.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = await scraped.text();
  // The figures are the public server's: its /readyz request above is counted.
  expect(text).toMatch(/pressdesk_http_requests_total\{method="GET",route="\/readyz",status="200"\} 1/);

  expect((await fetch(publicUrl('/metrics'))).status).toBe(404);
  expect((await fetch(`http://127.0.0.1:${metricsPort}/desk`)).status).toBe(404);

  await running!.stop('test');
  const url = running!.metricsUrl!;
  running = null;
  await expect(fetch(url)).rejects.toThrow();
}, 30_000);

it('with METRICS_TOKEN as well, the loopback port asks for it too', async () => {
  const port = await freePort();
  const service = await startService(
    loadConfig({ NODE_ENV: 'test', DATABASE_URL: tdb.url, HOST: '127.0.0.1', PORT: '0', WORKER: 'off', SEED_DEMO: 'false', LOG_LEVEL: 'silent', METRICS_PORT: String(port), METRICS_TOKEN: TOKEN, INBOUND_SMTP: 'off' }),
    createLogger('silent'),
  );
  try {
    const anonymous = await fetch(service.metricsUrl!);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect((await fetch(service.metricsUrl!, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  } finally {
    await service.stop('test');
  }
}, 30_000);
