/**
 * `npm run bench:inbound`: replies received over SMTP, as `npm start` takes
 * them: the real service (startService on an embedded Postgres) and the
 * pipeline's listener on loopback, against a floor: the same smtp-server
 * storing nothing. Reporters' replies (20 KB each, to their inquiries' reply
 * addresses) from 10 SMTP clients at once; messages per second, the p50/p95
 * from DATA to 250, and the p95 from 250 to the reply being readable in the
 * thread. DNS is never asked (the resolver fails at once: neutral). See
 * bench/README.md ("Inbound benchmark").
 */
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { createTransport } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../src/config.js';
import { startEmbeddedPostgres } from '../src/lib/embedded-postgres.js';
import { privateLinks } from '../src/lib/link-tokens.js';
import { createLogger } from '../src/lib/logger.js';
import { startInboundSmtp } from '../src/modules/inbound/index.js';
import { startService } from '../src/runtime.js';
import { benchService, intEnv } from './intake-run.js';

const MESSAGES = intEnv('BENCH_INBOUND_MESSAGES', 1000);
const CONCURRENCY = intEnv('BENCH_INBOUND_CONCURRENCY', 10);
const SIZE = intEnv('BENCH_INBOUND_BYTES', 20 * 1024);
const INQUIRIES = intEnv('BENCH_INBOUND_INQUIRIES', 50);

const service = benchService({ loadConfig, startEmbeddedPostgres, createLogger, startService });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void service.cleanup().finally(() => process.exit(130)));
}

const noDns = async (name: string): Promise<string[][]> => {
  throw Object.assign(new Error(`no DNS in the benchmark (${name})`), { code: 'ENOTFOUND' });
};

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};

function body(i: number): string {
  const line = `Reply ${i}: thank you for the figures; one more question about the regional breakdown follows. `;
  return line.repeat(Math.ceil(SIZE / line.length)).slice(0, SIZE).replace(/(.{76})/g, '$1\r\n');
}

function raw(from: string, to: string, id: string, i: number): string {
  return [
    `From: Reporter <${from}>`,
    `To: ${to}`,
    `Subject: Re: your question`,
    `Message-ID: <${id}>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body(i),
    '',
  ].join('\r\n');
}

interface Run {
  label: string;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  visibleP95: number | null;
  failures: number;
}

async function drive(label: string, port: number, targets: { from: string; to: string }[], visible: ((id: string) => Promise<boolean>) | null): Promise<Run> {
  const options: SMTPPool.Options = { host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: 1, maxMessages: Infinity };
  const clients = Array.from({ length: CONCURRENCY }, () => createTransport(options));
  const latencies: number[] = [];
  const visibleAfter: number[] = [];
  let next = 0;
  let failures = 0;
  const stamp = `${label.replace(/\W/g, '')}-${Date.now()}`;
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      for (let i = next++; i < MESSAGES; i = next++) {
        const target = targets[i % targets.length]!;
        const id = `${stamp}-${i}@bench.example.com`;
        const start = performance.now();
        try {
          await client.sendMail({ envelope: { from: target.from, to: [target.to] }, raw: raw(target.from, target.to, id, i) });
        } catch {
          failures++;
          continue;
        }
        const accepted = performance.now();
        latencies.push(accepted - start);
        if (visible) {
          while (!(await visible(id))) await new Promise((r) => setTimeout(r, 1));
          visibleAfter.push(performance.now() - accepted);
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  for (const c of clients) c.close();
  return {
    label,
    seconds,
    perSecond: (MESSAGES - failures) / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    visibleP95: visible ? percentile(visibleAfter, 95) : null,
    failures,
  };
}

async function floor(): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    size: 26_214_400,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo: (_a, _s, cb) => cb(),
    onData(stream, _s, cb) {
      stream.on('data', () => {});
      stream.on('end', () => cb());
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.server.address() as AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

try {
  const svc = await service.start();
  const { deps } = svc.running;
  // Inquiries through the public API, as reporters make them; their reporter-side reply addresses.
  const targets: { from: string; to: string }[] = [];
  for (let i = 0; i < INQUIRIES; i++) {
    const email = `bench-${i}@example.com`;
    const res = await fetch(`${svc.serviceUrl}/api/inquiries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Reporter ${i}`, email, outlet: 'The Star', country: 'MY', subject: `Question ${i}`, message: 'What did Malaysia commit to?', consent: true }),
    });
    if (res.status !== 201) throw new Error(`intake answered ${res.status}`);
    const { id } = (await res.json()) as { id: string };
    const row = await deps.db.selectFrom('inquiries').select(['id', 'link_nonce']).where('id', '=', id).executeTakeFirstOrThrow();
    targets.push({ from: email, to: privateLinks(deps.config, row).reporterReplyTo });
  }
  const nothing = await floor();
  const listener = await startInboundSmtp({ ...deps, resolver: noDns }, { host: '127.0.0.1', port: 0 });
  // Visible in the thread: the follow-up event the desk and the status page read, found by a fresh query.
  const visible = async (messageId: string) => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from inquiry_events e join inbound_messages m on m.id = (e.data->>'inboundMessageId')::uuid
       where e.kind = 'follow_up' and m.message_id = ${messageId}`.execute(deps.db);
    return rows[0]!.n > 0;
  };
  console.log(`${MESSAGES} messages of ${SIZE} bytes, ${CONCURRENCY} SMTP clients, ${INQUIRIES} inquiries`);
  const runs = [await drive('floor: smtp-server storing nothing', nothing.port, targets, null), await drive('pipeline (parse, match, store, thread)', listener.port, targets, visible)];
  const stored = await deps.db.selectFrom('inbound_messages').select(sql<number>`count(*)::int`.as('n')).where('disposition', '=', 'threaded').executeTakeFirstOrThrow();
  console.log('');
  console.log('| run | messages/s | DATA→250 p50 ms | DATA→250 p95 ms | 250→visible p95 ms | failures |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of runs) {
    console.log(`| ${r.label} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.visibleP95 === null ? '–' : r.visibleP95.toFixed(1)} | ${r.failures} |`);
  }
  console.log(`\nthreaded messages stored: ${stored.n}`);
  await listener.close();
  await nothing.close();
  const failed = runs.some((r) => r.failures > 0);
  await service.cleanup();
  process.exit(failed ? 1 : 0);
} catch (err) {
  console.error(err);
  await service.cleanup();
  process.exit(1);
}
