/**
 * How soon a reporter's acknowledgement reaches the relay: clients post
 * inquiries for a while, each to its own address, and an SMTP sink on loopback
 * notes when each acknowledgement arrives. The delay is from the 201 to the
 * sink's end of DATA, so it includes the queue, rendering and SMTP.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { INQUIRY_REQUESTS } from './load.js';

export interface SmtpSink {
  url: string;
  /** When each recipient's first message ended (performance.now()). */
  arrivals: Map<string, number>;
  messages(): number;
  close(): Promise<void>;
}

/** An SMTP server that reads and discards, noting arrival times per recipient. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const arrivals = new Map<string, number>();
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        const at = performance.now();
        count++;
        for (const r of session.envelope.rcptTo) if (!arrivals.has(r.address)) arrivals.set(r.address, at);
        callback();
      });
    },
  });
  // A sender killed mid-connection (a SIGKILLed worker's pooled connection) resets its socket: a relay carries on.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    arrivals,
    messages: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface AckDelay {
  posted: number;
  acknowledged: number;
  p50: number;
  p95: number;
  max: number;
}

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN);

/** `clients` post inquiries for `seconds`; then waits (at most `settleMs`) for their acknowledgements. */
export async function measureAckDelay(serviceUrl: string, sink: SmtpSink, opts: { clients: number; seconds: number; settleMs: number }): Promise<AckDelay> {
  const accepted = new Map<string, number>();
  const until = performance.now() + opts.seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      while (performance.now() < until) {
        const i = n++;
        const email = `ack.${i}@example.com`;
        const body = { ...(JSON.parse(INQUIRY_REQUESTS[i % INQUIRY_REQUESTS.length]!.body) as object), email };
        const res = await fetch(`${serviceUrl}/api/inquiries`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        await res.arrayBuffer();
        if (res.status === 201) accepted.set(email, performance.now());
      }
    }),
  );
  const deadline = performance.now() + opts.settleMs;
  const arrived = () => [...accepted.keys()].filter((e) => sink.arrivals.has(e)).length;
  while (arrived() < accepted.size && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const delays = [...accepted].flatMap(([email, at]) => (sink.arrivals.has(email) ? [sink.arrivals.get(email)! - at] : [])).sort((a, b) => a - b);
  return { posted: accepted.size, acknowledged: delays.length, p50: quantile(delays, 0.5), p95: quantile(delays, 0.95), max: delays[delays.length - 1] ?? NaN };
}
