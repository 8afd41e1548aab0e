import nodemailer from 'nodemailer';

export interface OutgoingMessage {
  messageId: string;
  from: { name: string; address: string };
  to: string;
  replyTo?: string | null;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Files sent with it (a desk reply's), always as attachments, never inline. */
  attachments?: { filename: string; contentType: string; content: Buffer }[];
}

export interface SendResult {
  /** The whole MIME message, kept only when mail is captured. */
  raw: string | null;
  response: string;
}

export interface Mailer {
  /** `smtp` delivers; `capture` keeps the message in the database for /dev/mailbox. */
  readonly mode: 'smtp' | 'capture';
  send(message: OutgoingMessage): Promise<SendResult>;
  close(): void;
}

/** Text mostly in scripts beyond Latin, Greek and Cyrillic (a Chinese acknowledgement) is shorter in base64. */
const WIDE_SCRIPT = /[\u0800-\uffff]/;

function toNodemailer(m: OutgoingMessage) {
  return {
    messageId: m.messageId,
    from: { name: m.from.name, address: m.from.address },
    to: m.to,
    ...(m.replyTo ? { replyTo: m.replyTo } : {}),
    subject: m.subject,
    html: m.html,
    text: m.text,
    headers: m.headers,
    ...(m.attachments?.length
      ? { attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content, contentDisposition: 'attachment' as const })) }
      : {}),
    // Envelope set explicitly: recipients never come from parsed header text.
    envelope: { from: m.from.address, to: [m.to] },
    disableFileAccess: true,
    disableUrlAccess: true,
    // Chosen here from one early-exit test: left to itself, nodemailer counts every Latin letter
    // of each body with a global match to choose (a tenth of the worker's time under a burst).
    textEncoding: WIDE_SCRIPT.test(m.text) ? ('base64' as const) : ('quoted-printable' as const),
  };
}

/**
 * How we talk to the relay, unless SMTP_URL's query says otherwise: a pool of
 * kept-open connections per process (a worker sends many messages in a row), and
 * timeouts so a relay that stops answering costs a job at most this long. They go
 * into the URL because nodemailer reads a URL's options from its query only.
 */
const SMTP_DEFAULTS = { pool: 'true', connectionTimeout: '10000', greetingTimeout: '10000', socketTimeout: '30000' };
/** nodemailer's own pool size, when the caller does not say how many jobs send at once. */
const DEFAULT_CONNECTIONS = 5;

/**
 * One connection per job that may be sending at once (WORKER_CONCURRENCY): a
 * message is a handful of round trips to the relay, and with fewer connections
 * the jobs queue for one and the worker falls behind under a burst.
 */
export function smtpTransportUrl(smtpUrl: string, connections = DEFAULT_CONNECTIONS): string {
  const url = new URL(smtpUrl);
  for (const [key, value] of Object.entries({ ...SMTP_DEFAULTS, maxConnections: String(connections) })) if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  return url.toString();
}

export function createSmtpMailer(url: string, connections?: number): Mailer {
  const transport = nodemailer.createTransport(smtpTransportUrl(url, connections));
  return {
    mode: 'smtp',
    async send(message) {
      const info = await transport.sendMail(toNodemailer(message));
      return { raw: null, response: String(info.response ?? '') };
    },
    close: () => transport.close(),
  };
}

export function createCaptureMailer(): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    mode: 'capture',
    async send(message) {
      const info = await transport.sendMail(toNodemailer(message));
      return { raw: (info.message as Buffer).toString('utf8'), response: 'captured' };
    },
    close: () => transport.close(),
  };
}

export function createMailer(smtpUrl: string | undefined, connections?: number): Mailer {
  return smtpUrl ? createSmtpMailer(smtpUrl, connections) : createCaptureMailer();
}

/** 5xx is final (RFC 5321); 4xx and connection errors are worth another try. */
export function isPermanentFailure(err: unknown): boolean {
  const code = (err as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
