import { createRoute, z } from '@hono/zod-openapi';
import { pingDatabase } from '../../db/check-database.js';
import { createRouter } from '../../lib/openapi.js';
import type { AppEnv } from '../../app-env.js';

const HealthSchema = z.object({ status: z.enum(['ok', 'unavailable']) }).openapi('Health');
const ReadySchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    checks: z.object({ database: z.enum(['ok', 'down']), queue: z.enum(['ok', 'down']) }),
  })
  .openapi('Readiness');

const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['Operations'],
  summary: 'The process is alive',
  responses: { 200: { description: 'Alive', content: { 'application/json': { schema: HealthSchema } } } },
});

const readyRoute = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['Operations'],
  summary: 'The database and the job queue can be reached',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: ReadySchema } } },
    503: { description: 'Not ready', content: { 'application/json': { schema: ReadySchema } } },
  },
});

async function check(fn: () => Promise<unknown>): Promise<'ok' | 'down'> {
  try {
    await fn();
    return 'ok';
  } catch {
    return 'down';
  }
}

export const healthRouter = createRouter<AppEnv>()
  .openapi(healthRoute, (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok' as const }, 200);
  })
  .openapi(readyRoute, async (c) => {
    const { db, queue, workerHealthy, shuttingDown } = c.var.deps;
    const database = await check(() => pingDatabase(db));
    const queueState =
      database === 'ok' && (workerHealthy?.() ?? true) ? await check(() => queue.ping(db)) : 'down';
    const ready = database === 'ok' && queueState === 'ok' && !shuttingDown?.();
    c.header('Cache-Control', 'no-store');
    if (!ready) c.header('Retry-After', '5');
    return c.json(
      { status: ready ? ('ok' as const) : ('unavailable' as const), checks: { database, queue: queueState } },
      ready ? 200 : 503,
    );
  });
