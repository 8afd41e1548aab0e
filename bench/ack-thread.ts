/**
 * The relay and the reporters of `bench/ack-delay.ts`, in a worker thread of
 * their own: a real relay and real reporters are other machines, so neither
 * their SMTP parsing nor their HTTP clients should share the service's event loop.
 * Times are `performance.timeOrigin + performance.now()`, comparable across threads.
 */
import type { AddressInfo } from 'node:net';
import { parentPort } from 'node:worker_threads';
import { SMTPServer } from 'smtp-server';
import { INQUIRY_REQUESTS } from './load.js';
import type { AckDelay, AckRun, FromSinkThread, PacedResult, PacedRun, ToSinkThread } from './ack-delay.js';

const now = () => performance.timeOrigin + performance.now();
const port = parentPort!;
const arrivals = new Map<string, number>();
let count = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      const at = now();
      count++;
      for (const r of session.envelope.rcptTo) if (!arrivals.has(r.address)) arrivals.set(r.address, at);
      callback();
    });
  },
});
// A sender killed mid-connection (a SIGKILLed worker's pooled connection) resets its socket: a relay carries on.
server.on('error', () => {});

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN);

/** `clients` post inquiries for `seconds`, each to its own address; then waits (at most `settleMs`) for their acknowledgements. */
async function measure({ serviceUrl, clients, seconds, settleMs }: AckRun): Promise<AckDelay> {
  const accepted = new Map<string, number>();
  const until = now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (now() < until) {
        const i = n++;
        const email = `ack.${i}@example.com`;
        const body = { ...(JSON.parse(INQUIRY_REQUESTS[i % INQUIRY_REQUESTS.length]!.body) as object), email };
        const res = await fetch(`${serviceUrl}/api/inquiries`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        await res.arrayBuffer();
        if (res.status === 201) accepted.set(email, now());
      }
    }),
  );
  const deadline = now() + settleMs;
  const arrived = () => [...accepted.keys()].filter((e) => arrivals.has(e)).length;
  while (arrived() < accepted.size && now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const delays = [...accepted].flatMap(([email, at]) => (arrivals.has(email) ? [arrivals.get(email)! - at] : [])).sort((a, b) => a - b);
  return { posted: accepted.size, acknowledged: delays.length, p50: quantile(delays, 0.5), p95: quantile(delays, 0.95), max: delays[delays.length - 1] ?? NaN };
}

/**
 * Inquiries posted at a steady rate, one every 1/rate s whatever the answers
 * (an open loop); each latency counts from when its request was due, so a
 * server that falls behind shows the queue it builds. A warm-up at the same
 * rate comes first, unmeasured.
 */
async function paced({ serviceUrl, rate, seconds, warmupSeconds }: PacedRun): Promise<PacedResult> {
  const interval = 1000 / rate;
  const post = async (i: number, due: number, out: { latencies: number[]; failures: Record<string, number> } | null) => {
    const body = INQUIRY_REQUESTS[i % INQUIRY_REQUESTS.length]!.body;
    try {
      const res = await fetch(`${serviceUrl}/api/inquiries`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.arrayBuffer();
      if (!out) return;
      if (res.status === 201) out.latencies.push(now() - due);
      else out.failures[res.status] = (out.failures[res.status] ?? 0) + 1;
    } catch (err) {
      if (out) out.failures[(err as Error).name] = (out.failures[(err as Error).name] ?? 0) + 1;
    }
  };
  const run = async (count: number, out: { latencies: number[]; failures: Record<string, number> } | null) => {
    const start = now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const due = start + i * interval;
      const wait = due - now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(post(i, due, out));
    }
    await Promise.all(pending);
    return now() - start;
  };
  await run(Math.round(rate * warmupSeconds), null);
  const out = { latencies: [] as number[], failures: {} as Record<string, number> };
  const ms = await run(Math.round(rate * seconds), out);
  const sorted = out.latencies.sort((a, b) => a - b);
  return { ok: sorted.length, seconds: ms / 1000, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), failures: out.failures };
}

const send = (m: FromSinkThread) => port.postMessage(m);

port.on('message', (m: ToSinkThread) => {
  if (m.type === 'measure') void measure(m.run).then((result) => send({ type: 'measured', result }));
  else if (m.type === 'paced') void paced(m.run).then((result) => send({ type: 'paced', result }));
  else if (m.type === 'count') send({ type: 'count', messages: count });
  else server.close(() => send({ type: 'closed' }));
});

server.listen(0, '127.0.0.1', () => {
  const { port: p } = server.server.address() as AddressInfo;
  send({ type: 'listening', url: `smtp://127.0.0.1:${p}` });
});
