/**
 * Timed GETs for `bench:queue`, from a worker thread so the client does not
 * share the service's event loop. A bounded number of requests, sequential or
 * with a few in flight; every latency is kept (sub-millisecond, whole body read).
 */
import { Worker } from 'node:worker_threads';

export interface TimedRun {
  /** Latencies of the expected responses, ms, sorted. */
  latencies: Float64Array;
  /** Other answers and errors, by status or error name. */
  failures: Record<string, number>;
  seconds: number;
}

export interface TimedRunOptions {
  url: string;
  headers: Record<string, string>;
  requests: number;
  concurrency: number;
  /** Unmeasured sequential requests first (connections, JIT, caches). */
  warmup: number;
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** The status that counts as an answer (default 200). */
  expect?: number;
}

// Plain CommonJS run with `eval`, so the worker needs no TypeScript loader.
const CLIENT = `
const { parentPort, workerData: w } = require('node:worker_threads');
async function once() {
  const t0 = performance.now();
  const res = await fetch(w.url, { headers: w.headers, redirect: 'manual', signal: AbortSignal.timeout(w.timeoutMs) });
  await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status };
}
(async () => {
  for (let i = 0; i < w.warmup; i++) await once().catch(() => {});
  const latencies = new Float64Array(w.requests);
  const failures = {};
  let n = 0, started = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: w.concurrency }, async () => {
    while (started < w.requests) {
      started++;
      try {
        const r = await once();
        if (r.status === w.expect) latencies[n++] = r.ms;
        else failures[r.status] = (failures[r.status] || 0) + 1;
      } catch (err) {
        const k = (err && err.name) || 'error';
        failures[k] = (failures[k] || 0) + 1;
      }
    }
  }));
  parentPort.postMessage({ latencies: latencies.slice(0, n), failures, seconds: (performance.now() - t0) / 1000 });
})();
`;

export function timeRequests(o: TimedRunOptions): Promise<TimedRun> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const worker = new Worker(CLIENT, { eval: true, workerData: { ...o, timeoutMs, expect: o.expect ?? 200 } });
  // Bounded even if a request hangs past its own timeout.
  const limitMs = (o.warmup + Math.ceil(o.requests / o.concurrency) + 1) * timeoutMs;
  return new Promise<TimedRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`timed run of ${o.url} took longer than ${limitMs} ms`));
    }, limitMs);
    worker.once('message', (m: { latencies: Float64Array; failures: Record<string, number>; seconds: number }) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve({ latencies: m.latencies.sort(), failures: m.failures, seconds: m.seconds });
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
