import { readFileSync } from 'node:fs';
import { simpleParser, type ParsedMail } from 'mailparser';

// Raw messages for the pure inbound tests: the recorded fixtures, and small
// ones built here for a single header, both parsed the way the pipeline does.

const FIXTURES = new URL('../../fixtures/mail/', import.meta.url);

export function fixture(name: string): Promise<ParsedMail> {
  return simpleParser(readFileSync(new URL(name, FIXTURES)));
}

/** A plain-text message from Jane with the given extra headers. */
export function message(headers: Record<string, string>, body = 'Thanks, that answers my question.\n'): Promise<ParsedMail> {
  const lines = {
    From: 'Jane Tan <jane.tan.reports@gmail.com>',
    To: 'UNICEF Media Malaysia <reply+r7Kq2mXw9TzB4nLp@pressdesk.example.org>',
    Subject: 'Re: [PD-2026-00042] We have your question',
    Date: 'Mon, 7 Dec 2026 18:31:01 +0800',
    'Message-ID': '<test.1@mail.gmail.com>',
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    ...headers,
  };
  const head = Object.entries(lines)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  return simpleParser(Buffer.from(`${head}\r\n\r\n${body.replace(/\n/g, '\r\n')}`, 'utf8'));
}
