import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer, smtpTransportUrl, type OutgoingMessage } from '../../../src/modules/mail/mail.transport.js';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp.js';

describe('how the mailer talks to the relay', () => {
  it('pools connections and bounds every wait unless SMTP_URL says otherwise, keeping host, port and credentials', () => {
    const url = new URL(smtpTransportUrl('smtp://user:p%40ss@relay.example.org:587'));
    expect(url.host).toBe('relay.example.org:587');
    expect([url.username, decodeURIComponent(url.password)]).toEqual(['user', 'p@ss']);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      pool: 'true',
      maxConnections: '5',
      connectionTimeout: '10000',
      greetingTimeout: '10000',
      socketTimeout: '30000',
    });
    expect(new URL(smtpTransportUrl('smtp://127.0.0.1:25?pool=false&socketTimeout=5000')).searchParams.get('pool')).toBe('false');
    expect(new URL(smtpTransportUrl('smtp://127.0.0.1:25?socketTimeout=5000')).searchParams.get('socketTimeout')).toBe('5000');
  });

  it('opens as many connections as jobs may send at once, unless SMTP_URL says how many', () => {
    expect(new URL(smtpTransportUrl('smtp://127.0.0.1:25', 12)).searchParams.get('maxConnections')).toBe('12');
    expect(new URL(smtpTransportUrl('smtp://127.0.0.1:25?maxConnections=3', 12)).searchParams.get('maxConnections')).toBe('3');
  });

  it('nodemailer reads those options from the URL (a pool, with our timeouts)', () => {
    const transport = nodemailer.createTransport(smtpTransportUrl('smtp://127.0.0.1:25'));
    const options = (transport as unknown as { options: Record<string, unknown> }).options;
    expect(options).toMatchObject({ pool: true, maxConnections: 5, connectionTimeout: 10000, greetingTimeout: 10000, socketTimeout: 30000 });
    transport.close();
  });
});

describe('a pooled mailer against a real SMTP server', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('sends many messages at once, each to its own recipient', async () => {
    const mailer = createSmtpMailer(smtp.url);
    try {
      const to = Array.from({ length: 12 }, (_, i) => `pooled.${i}@example.com`);
      await Promise.all(
        to.map((address) =>
          mailer.send({ from: { name: 'UNICEF', address: 'press@example.org' }, to: address, subject: 'Pooled', text: 'Hello', html: '<p>Hello</p>', headers: {}, messageId: `<${address}>` } satisfies OutgoingMessage),
        ),
      );
      await smtp.waitFor(12);
      expect(smtp.received.map((m) => m.envelope.to[0]).sort()).toEqual([...to].sort());
    } finally {
      mailer.close();
    }
  });
});
