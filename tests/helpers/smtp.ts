import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
}

export type SmtpBehaviour = 'accept' | 'tempfail' | 'permfail' | 'hang';

export interface TestSmtpServer {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** How many messages were left unanswered in 'hang' mode. */
  hanging(): number;
  /** How the server answers the next messages: 250, 451 (try later), 550 (never), or not at all (a sender stuck mid-send). */
  behave(mode: SmtpBehaviour): void;
  /** Waits until at least n messages arrived (or fails after timeoutMs). */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps what it receives, for asserting on the wire format. */
export async function startSmtpServer(port = 0): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let mode: SmtpBehaviour = 'accept';
  /** Senders left waiting for an answer to their DATA. */
  let hanging = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (mode === 'hang') {
          hanging++;
          return;
        }
        if (mode === 'tempfail') return callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
        if (mode === 'permfail') return callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          raw,
          parsed: await simpleParser(raw),
        });
        callback();
      });
    },
  });
  // A sender killed mid-connection (a SIGKILLed worker's pooled connection) resets its socket: a relay carries on.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.server.address() as AddressInfo).port;
  return {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    received,
    hanging: () => hanging,
    behave: (m) => {
      mode = m;
    },
    async waitFor(n, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} emails, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
