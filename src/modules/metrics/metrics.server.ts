import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from '../../lib/logger.js';
import { metricsRoutes, type Metrics } from './metrics.js';

/**
 * METRICS_PORT: /metrics on a small server of its own bound to 127.0.0.1 (the
 * Prometheus convention for a scrape endpoint kept off the public port); a
 * METRICS_TOKEN, when also set, is required here too. Nothing else is served.
 */
export async function serveMetrics(metrics: Metrics, opts: { port: number; token?: string; logger: Logger }): Promise<Server> {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'no-store');
  });
  app.route('/', metricsRoutes(metrics, opts.token));
  app.notFound((c) => c.text('Not found', 404));
  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    opts.logger.warn({ err: String(err) }, 'metrics scrape failed');
    return c.text('Metrics are briefly unavailable.', 503);
  });
  return new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port, hostname: '127.0.0.1' }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
}
