import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import pg from 'pg';
import type { CpuMeter, CpuSpent } from './cpu.js';

/** One measured run: rate of successful operations and their latency. */
export interface Measurement {
  label: string;
  /** Successful operations per second (2xx responses, committed transactions). */
  rate: number;
  p50: number;
  p99: number;
  ok: number;
  seconds: number;
  /** Non-2xx responses, request errors and timeouts, or failed transactions. */
  failures: number;
  failureDetail: string;
  /** CPU ms per successful operation: Node (the whole process, load generator included), its main thread, and Postgres. */
  cpuPerOp: CpuSpent | null;
}

export interface LoadSettings {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  maxRequests: number;
}

/** Called around the measured part of a run (after the warm-up), outside the CPU meter's window. */
export interface MeasuredHooks {
  before(): Promise<void>;
  after(): Promise<void>;
}

// Four valid inquiries, one per routing outcome, so the run covers every
// office: Malaysia (ack + 2 officers), China (ack + 1), the regional office
// (no contacts: ack + the office address) and head office (ack + office).
const VARIANTS = [
  { country: 'MY', language: 'en', name: 'Mei Ling Tan', outlet: 'The Star' },
  { country: 'CN', language: 'zh', name: 'Li Wei', outlet: 'Xinhua' },
  { country: 'TH', language: 'en', name: 'Somchai P.', outlet: 'Bangkok Post' },
  { country: 'FR', language: 'en', name: 'Claire Dubois', outlet: 'AFP' },
] as const;

export const INQUIRY_REQUESTS = VARIANTS.map((v, i) => ({
  method: 'POST',
  path: '/api/inquiries',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    name: v.name,
    email: `reporter${i}@example.com`,
    outlet: v.outlet,
    country: v.country,
    language: v.language,
    subject: 'Beijing Declaration: what was committed to',
    message: 'Could someone explain what the governments committed to at the Beijing meeting?\n\nThank you.',
    consent: true,
  }),
}));

/** Serves a fetch handler on loopback at a free port. */
export async function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
    (s as Server).once('error', reject);
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Floor 1: what Hono on @hono/node-server costs with no work behind it. */
export function bareHonoApp(): Hono {
  const app = new Hono();
  app.post('/api/inquiries', (c) => c.json({ ok: true }, 201));
  return app;
}

/**
 * POSTs the inquiry bodies for `seconds`. The load generator runs in a worker
 * thread (autocannon's `workers`) so it does not share the server's event loop.
 */
export async function hammer(label: string, url: string, s: LoadSettings, meter?: CpuMeter, hooks?: MeasuredHooks): Promise<Measurement> {
  const run = (duration: number) =>
    autocannon({
      url,
      connections: s.connections,
      duration,
      // `amount` would replace the duration; this only caps a runaway run.
      maxOverallRequests: s.maxRequests,
      workers: 1,
      timeout: 10,
      requests: INQUIRY_REQUESTS,
    });
  if (s.warmupSeconds > 0) await run(s.warmupSeconds);
  await hooks?.before();
  const stopMeter = meter?.();
  const r = await run(s.seconds);
  const cpu = stopMeter?.();
  await hooks?.after();
  const other = Object.entries(r.statusCodeStats)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, { count }]) => `${count}×${code}`);
  if (r.errors) other.push(`${r.errors} errors`);
  if (r.timeouts) other.push(`${r.timeouts} timeouts`);
  return {
    label,
    rate: r['2xx'] / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r['2xx'],
    seconds: r.duration,
    failures: r.non2xx + r.errors + r.timeouts,
    failureDetail: other.join(', '),
    cpuPerOp: perOp(cpu, r['2xx']),
  };
}

/** CPU per successful operation, null when none succeeded. */
export function perOp(cpu: CpuSpent | undefined, ops: number): CpuSpent | null {
  return cpu && ops > 0
    ? { node: cpu.node / ops, postgres: cpu.postgres / ops, ...(cpu.mainThread === undefined ? {} : { mainThread: cpu.mainThread / ops }) }
    : null;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/**
 * Floor 2: single-row INSERT transactions through pg, one loop per connection,
 * each BEGIN; INSERT; COMMIT, as many as Postgres commits in `seconds`.
 */
export async function rawInsertFloor(databaseUrl: string, s: LoadSettings, meter?: CpuMeter): Promise<Measurement> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: s.connections });
  pool.on('error', () => {});
  try {
    await pool.query(`create table if not exists bench_raw (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      email text not null,
      subject text not null,
      message text not null,
      created_at timestamptz not null default now())`);
    // Connections are opened before the clock starts: the floor is commits, not handshakes.
    const clients = await Promise.all(Array.from({ length: s.connections }, () => pool.connect()));
    const values = ['Mei Ling Tan', 'reporter@example.com', 'Beijing Declaration', 'Could someone explain what was committed to?'];
    const run = async (seconds: number) => {
      const latencies: number[] = [];
      let failures = 0;
      const started = performance.now();
      const end = started + seconds * 1000;
      await Promise.all(
        clients.map(async (client) => {
          while (performance.now() < end) {
            const t0 = performance.now();
            try {
              await client.query('BEGIN');
              await client.query('INSERT INTO bench_raw (name, email, subject, message) VALUES ($1, $2, $3, $4)', values);
              await client.query('COMMIT');
              latencies.push(performance.now() - t0);
            } catch {
              failures++;
              await client.query('ROLLBACK').catch(() => {});
            }
          }
        }),
      );
      return { latencies, failures, elapsed: (performance.now() - started) / 1000 };
    };
    if (s.warmupSeconds > 0) await run(s.warmupSeconds);
    const stopMeter = meter?.();
    const { latencies, failures, elapsed } = await run(s.seconds);
    const cpu = stopMeter?.();
    for (const c of clients) c.release();
    const sorted = Float64Array.from(latencies).sort();
    return {
      label: 'raw INSERT tx',
      rate: latencies.length / elapsed,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      ok: latencies.length,
      seconds: elapsed,
      failures,
      failureDetail: failures ? `${failures} failed transactions` : '',
      cpuPerOp: perOp(cpu, latencies.length),
    };
  } finally {
    await pool.end();
  }
}
