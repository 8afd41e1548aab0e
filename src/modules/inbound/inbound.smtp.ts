import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { isDatabaseUnavailable } from '../../lib/db-errors.js';
import { isKnownRecipient, receiveMessage, type InboundDeps } from './inbound.usecases.js';

export interface InboundSmtp {
  port: number;
  close(): Promise<void>;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/** The database is away: the sending server keeps the message and tries again later. */
const tryLater = () => smtpError(451, '4.3.0 Temporary failure storing the message, please try again later');

/**
 * The SMTP listener for replies: an MX (or a relay in front) delivers here.
 * RCPT TO is checked against the inquiries' reply addresses (550 5.1.1 for
 * anything else), SIZE announces INBOUND_MAX_BYTES (552 above it), and the 250
 * after DATA is sent only once the message is committed; a database outage
 * answers 451 so nothing is lost. No AUTH (it receives, it does not relay);
 * STARTTLS is off (put a TLS-terminating MX in front on the open internet).
 */
export async function startInboundSmtp(deps: InboundDeps, opts: { host: string; port: number }): Promise<InboundSmtp> {
  const { logger } = deps;
  const server = new SMTPServer({
    name: deps.config.replyDomain,
    banner: 'ready',
    size: deps.config.INBOUND_MAX_BYTES,
    rejectOversized: true,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    maxClients: 100,
    onRcptTo(address, _session, callback) {
      isKnownRecipient(deps.db, deps.config, address.address).then(
        (known) => callback(known ? undefined : smtpError(550, '5.1.1 No such recipient here')),
        (err: unknown) => {
          logger.warn({ err: String(err) }, 'inbound RCPT check failed');
          callback(tryLater());
        },
      );
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => {
        // Past the limit the rest is read and thrown away; the server answers 552 itself.
        if (!stream.sizeExceeded) chunks.push(c);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError(552, '5.3.4 Message exceeds the maximum size'));
        const raw = Buffer.concat(chunks);
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          via: 'smtp' as const,
          clientIp: session.remoteAddress,
          helo: session.hostNameAppearsAs,
        };
        receiveMessage(deps, raw, envelope).then(
          (r) => {
            logger.info({ inbound: r.inboundMessageId, disposition: r.disposition, duplicate: r.duplicate, inquiryId: r.inquiryId, bytes: raw.length }, 'inbound message');
            callback(null, `2.0.0 Accepted ${r.inboundMessageId}`);
          },
          (err: unknown) => {
            // Anything but a committed message is a temporary failure: the sender keeps it and retries.
            const unavailable = isDatabaseUnavailable(err);
            logger[unavailable ? 'warn' : 'error']({ err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) }, 'inbound message not stored');
            callback(tryLater());
          },
        );
      });
    },
  });
  server.on('error', (err) => logger.warn({ err: String(err) }, 'inbound SMTP error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
