/**
 * How soon a reporter's acknowledgement reaches the relay: clients post
 * inquiries for a while, each to its own address, and an SMTP sink on loopback
 * notes when each acknowledgement arrives. The delay is from the 201 to the
 * sink's end of DATA, so it includes the queue, rendering and SMTP. Sink and
 * clients run in a worker thread (bench/ack-thread.ts), off the service's event loop.
 */
import { once } from 'node:events';
import { startTypeScriptThread } from '../src/lib/typescript-thread.js';

export interface AckDelay {
  posted: number;
  acknowledged: number;
  p50: number;
  p95: number;
  max: number;
}

export interface AckRun {
  serviceUrl: string;
  clients: number;
  seconds: number;
  settleMs: number;
}

export interface PacedRun {
  serviceUrl: string;
  /** Inquiries per second, one every 1/rate s. */
  rate: number;
  seconds: number;
  warmupSeconds: number;
}

export interface PacedResult {
  ok: number;
  seconds: number;
  /** From when each request was due to its last byte, ms. */
  p50: number;
  p99: number;
  /** Non-201 answers by status, and request errors by name. */
  failures: Record<string, number>;
}

export type ToSinkThread = { type: 'measure'; run: AckRun } | { type: 'paced'; run: PacedRun } | { type: 'count' } | { type: 'close' };
export type FromSinkThread =
  | { type: 'listening'; url: string }
  | { type: 'measured'; result: AckDelay }
  | { type: 'paced'; result: PacedResult }
  | { type: 'count'; messages: number }
  | { type: 'closed' };

export interface SmtpSink {
  url: string;
  /** `clients` post inquiries for `seconds`; then waits (at most `settleMs`) for their acknowledgements. */
  measure(run: Omit<AckRun, 'serviceUrl'>, serviceUrl: string): Promise<AckDelay>;
  /** Inquiries at a steady rate from the same thread (an open loop), for the latency at that rate. */
  paced(run: Omit<PacedRun, 'serviceUrl'>, serviceUrl: string): Promise<PacedResult>;
  messages(): Promise<number>;
  close(): Promise<void>;
}

/** Starts the sink's thread; resolves once it listens. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const thread = startTypeScriptThread(new URL('./ack-thread.ts', import.meta.url));
  const next = async <T extends FromSinkThread['type']>(type: T, request?: ToSinkThread) => {
    const reply = new Promise<Extract<FromSinkThread, { type: T }>>((resolve, reject) => {
      const onMessage = (m: FromSinkThread) => {
        if (m.type !== type) return;
        thread.off('message', onMessage);
        thread.off('error', reject);
        resolve(m as Extract<FromSinkThread, { type: T }>);
      };
      thread.on('message', onMessage);
      thread.once('error', reject);
    });
    if (request) thread.postMessage(request);
    return reply;
  };
  const { url } = await next('listening');
  let closing: Promise<void> | null = null;
  return {
    url,
    measure: async (run, serviceUrl) => (await next('measured', { type: 'measure', run: { ...run, serviceUrl } })).result,
    paced: async (run, serviceUrl) => (await next('paced', { type: 'paced', run: { ...run, serviceUrl } })).result,
    messages: async () => (await next('count', { type: 'count' })).messages,
    close: () =>
      (closing ??= Promise.race([next('closed', { type: 'close' }), once(thread, 'exit')]).then(
        () => void thread.terminate(),
        () => void thread.terminate(),
      )),
  };
}
