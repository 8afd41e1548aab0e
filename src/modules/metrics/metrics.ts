import { Hono, type Context } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { routePath } from 'hono/route';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppEnv } from '../../app-env.js';
import type { Database } from '../../db/database.js';
import { emailCountsByKindAndStatus, jobCountsByTaskAndState } from './metrics.repository.js';

/**
 * Prometheus metrics (prom-client). Request counts are per process; the queue
 * and outbox figures are read from Postgres at scrape time, so every instance
 * reports the same shared truth.
 */
export function createMetrics(db: Database) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pressdesk_' });

  const requests = new Counter({
    name: 'pressdesk_http_requests_total',
    help: 'HTTP requests by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'pressdesk_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const emails = new Gauge({
    name: 'pressdesk_emails',
    help: 'Emails in the outbox by kind and status',
    labelNames: ['kind', 'status'] as const,
    registers: [registry],
  });
  const jobs = new Gauge({
    name: 'pressdesk_jobs',
    help: 'Background jobs by task and state (failed = retries exhausted, kept for inspection)',
    labelNames: ['task', 'state'] as const,
    registers: [registry],
  });

  async function refreshFromDatabase() {
    const [emailRows, jobRows] = await Promise.all([emailCountsByKindAndStatus(db), jobCountsByTaskAndState(db)]);
    emails.reset();
    for (const r of emailRows) emails.set({ kind: r.kind, status: r.status }, r.n);
    jobs.reset();
    for (const r of jobRows) jobs.set({ task: r.task, state: r.state }, r.n);
  }

  // prom-client hashes the label values on every observe; the routes and statuses are few,
  // so each series' child is looked up once and kept (the hot path is then a Map lookup).
  const durationByRoute = new Map<string, ReturnType<typeof duration.labels>>();
  const requestsByKey = new Map<string, ReturnType<typeof requests.labels>>();

  /** Records one answered request (called by the request frame once the response is there). */
  const observe = (c: Context<AppEnv>, started: number) => {
    const route = routePath(c, -1);
    const method = c.req.method;
    const status = c.res.status;
    const routeKey = `${method} ${route}`;
    let timer = durationByRoute.get(routeKey);
    if (!timer) durationByRoute.set(routeKey, (timer = duration.labels(method, route)));
    timer.observe((performance.now() - started) / 1000);
    const key = `${routeKey} ${status}`;
    let counter = requestsByKey.get(key);
    if (!counter) requestsByKey.set(key, (counter = requests.labels(method, route, String(status))));
    counter.inc();
  };

  return {
    observe,
    async render(): Promise<{ body: string; contentType: string }> {
      await refreshFromDatabase();
      return { body: await registry.metrics(), contentType: registry.contentType };
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * GET /metrics, Prometheus text. With a token, only for `Authorization: Bearer <token>`
 * (hono's bearerAuth compares in constant time; a missing, malformed or wrong token
 * is 401 with WWW-Authenticate: Bearer). Where it is mounted, and whether at all, is app.ts's and
 * runtime.ts's choice (METRICS_TOKEN, METRICS_PORT).
 */
export function metricsRoutes(metrics: Metrics, token: string | undefined) {
  const app = new Hono();
  // Another scheme (Basic …) or a malformed value is "no usable credentials" (RFC 6750 §3.1): 401 too, not hono's 400.
  const unauthorized = () => new Response('Unauthorized', { status: 401, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  if (token) {
    app.use(
      '/metrics',
      bearerAuth({
        token,
        realm: 'metrics',
        noAuthenticationHeader: { message: unauthorized },
        invalidAuthenticationHeader: { message: unauthorized, wwwAuthenticateHeader: 'Bearer realm="metrics"' },
        invalidToken: { message: unauthorized },
      }),
    );
  }
  return app.get('/metrics', async (c) => {
    const { body, contentType } = await metrics.render();
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' });
  });
}
