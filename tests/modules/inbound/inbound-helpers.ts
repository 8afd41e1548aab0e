import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { privateLinks } from '../../../src/lib/link-tokens.js';
import { startInboundSmtp, type InboundDeps, type InboundSmtp } from '../../../src/modules/inbound/index.js';
import type { TestContext } from '../../helpers/app.js';

// Email-in tests: a real SMTP client (nodemailer) talks to the listener on
// loopback; DNS is never asked (the resolver answers from fixed records or fails at once).

export type Resolver = NonNullable<InboundDeps['resolver']>;

/** No DNS at all: every lookup fails at once, as on a machine without a resolver. */
export const noDns: Resolver = async (name) => {
  throw Object.assign(new Error(`no DNS in tests (${name})`), { code: 'ENOTFOUND' });
};

/** Fixed TXT records; everything else does not exist. */
export function fixedDns(txt: Record<string, string>): Resolver {
  return async (name, rrtype) => {
    const record = txt[name.toLowerCase()];
    if (rrtype === 'TXT' && record) return [[record]];
    throw Object.assign(new Error(`no record ${rrtype} ${name}`), { code: 'ENOTFOUND' });
  };
}

export interface Listener {
  smtp: InboundSmtp;
  client: Transporter<SMTPTransport.SentMessageInfo>;
  /** Sends a raw message with this envelope; resolves with the server's reply line, rejects with its error (responseCode). */
  send(raw: string, envelope: { from: string; to: string | string[] }): Promise<string>;
  close(): Promise<void>;
}

export async function listen(t: TestContext, deps: Partial<InboundDeps> = {}): Promise<Listener> {
  const smtp = await startInboundSmtp({ ...t.deps, resolver: noDns, ...deps }, { host: '127.0.0.1', port: 0 });
  const options: SMTPTransport.Options = { host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true };
  const client = createTransport(options);
  return {
    smtp,
    client,
    async send(raw, envelope) {
      const info = await client.sendMail({ envelope: { from: envelope.from, to: ([] as string[]).concat(envelope.to) }, raw });
      return info.response;
    },
    async close() {
      client.close();
      await smtp.close();
    },
  };
}

/** An inquiry's reply addresses, as its emails carry them. */
export async function addresses(t: TestContext, inquiryId: string) {
  const row = await t.db.selectFrom('inquiries').select(['id', 'link_nonce']).where('id', '=', inquiryId).executeTakeFirstOrThrow();
  const links = privateLinks(t.config, row);
  return { reporter: links.reporterReplyTo, staff: links.staffReplyTo };
}

let counter = 0;
export const newMessageId = (label = 'm') => `<${label}-${Date.now()}-${++counter}@mail.example.com>`;

/** A plain RFC 5322 message; headers given override the defaults. */
export function message(o: { from: string; to: string; subject?: string; body?: string; messageId?: string; headers?: Record<string, string> }): string {
  const headers: Record<string, string> = {
    From: o.from,
    To: o.to,
    Subject: o.subject ?? 'Re: your question',
    Date: 'Mon, 30 Nov 2026 10:05:00 +0800',
    'Message-ID': o.messageId ?? newMessageId(),
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    ...o.headers,
  };
  return `${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n${(o.body ?? 'Thank you, one more question.').replace(/\r?\n/g, '\r\n')}\r\n`;
}

export async function inboundRows(t: TestContext) {
  return t.db.selectFrom('inbound_messages').selectAll().orderBy('received_at').execute();
}

export async function eventsOf(t: TestContext, inquiryId: string) {
  return t.db.selectFrom('inquiry_events').select(['kind', 'data']).where('inquiry_id', '=', inquiryId).orderBy('id').execute();
}
