import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, buildTestContext, replyAddressesOf, validInquiry, type TestContext } from '../../helpers/app.js';
import type { ReceivedMail } from '../../helpers/smtp.js';
import { adminClient } from '../admin/admin-helpers.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext();
});
afterAll(async () => {
  await t.close();
});

// The office the demo routes Malaysian inquiries to signs its mail; the address stays the service's.
const FROM = { name: 'UNICEF Media Malaysia', address: 'press@pressdesk.test' };

/** Posts an inquiry, runs the worker and returns what the SMTP server received for it. */
async function deliver(overrides: Record<string, unknown>) {
  const res = await t.postJson('/api/inquiries', validInquiry(overrides));
  expect(res.status).toBe(201);
  const body = (await res.json()) as { id: string; reference: string; priority: string };
  await t.runJobs();
  const mails = t.smtp!.received.filter((m) => m.parsed.headers.get('x-pressdesk-reference') === body.reference);
  const reporter = String(overrides.email);
  const ack = mails.filter((m) => m.envelope.to[0] === reporter);
  const alerts = mails.filter((m) => m.envelope.to[0] !== reporter);
  expect(ack).toHaveLength(1);
  expect(alerts.length).toBeGreaterThan(0);
  return { body, mails, ack: ack[0]!, alerts };
}

function html(m: ReceivedMail): string {
  expect(typeof m.parsed.html).toBe('string');
  return m.parsed.html as string;
}

function text(m: ReceivedMail): string {
  expect(typeof m.parsed.text).toBe('string');
  return m.parsed.text!;
}

describe('acknowledgement to the reporter', () => {
  // Phrases from emails/i18n.ts: the intro sentence of each language.
  const cases = [
    { language: 'en', htmlLang: 'en', subjectWord: 'We received your inquiry', phrase: 'Thank you for contacting UNICEF Media Malaysia' },
    { language: 'zh', htmlLang: 'zh-Hans', subjectWord: '我们已收到您的问询', phrase: '感谢您联系UNICEF Media Malaysia' },
    { language: 'ms', htmlLang: 'ms', subjectWord: 'Kami telah menerima pertanyaan anda', phrase: 'Terima kasih kerana menghubungi UNICEF Media Malaysia' },
  ] as const;

  for (const c of cases) {
    it(`is written in ${c.language}: subject with the reference, text and HTML in that language`, async () => {
      const { body, ack } = await deliver({ language: c.language, email: `ack.${c.language}@example.com` });
      expect(ack.parsed.subject).toContain(body.reference);
      expect(ack.parsed.subject).toContain(c.subjectWord);
      expect(text(ack)).toContain(c.phrase);
      expect(html(ack)).toContain(`<html lang="${c.htmlLang}">`);
      expect(html(ack)).toContain(c.phrase);
    });
  }

  it("comes From the service (never the reporter), Reply-To the reporter's side of the inquiry, marked auto-replied (RFC 3834)", async () => {
    const { ack, body } = await deliver({ name: 'Reporter Person', email: 'ack.headers@example.com' });
    expect(ack.parsed.from?.value).toEqual([FROM]);
    expect(ack.envelope.from).toBe(FROM.address);
    const replyTo = await replyAddressesOf(t, body.id);
    expect(ack.parsed.replyTo?.value.map((a) => a.address)).toEqual([replyTo.reporter]);
    expect(ack.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack.parsed.headers.get('x-auto-response-suppress')).toBe('All');
    expect(ack.envelope.to).toEqual(['ack.headers@example.com']);
  });

  it("is From the office's mail display name once an admin sets one, and from the office's name again once it is cleared", async () => {
    const admin = await adminClient(t);
    const rename = (mailDisplayName: string | null) => admin.send('PATCH', '/api/admin/offices/malaysia', { mailDisplayName });
    expect((await rename('UNICEF Malaysia, Press Office')).status).toBe(200);
    try {
      const { ack, alerts } = await deliver({ email: 'ack.display-name@example.com' });
      expect(ack.parsed.from?.value).toEqual([{ name: 'UNICEF Malaysia, Press Office', address: FROM.address }]);
      for (const alert of alerts) expect(alert.parsed.from?.value).toEqual([{ name: 'UNICEF Malaysia, Press Office', address: FROM.address }]);
    } finally {
      expect((await rename(null)).status).toBe(200);
    }
    const { ack } = await deliver({ email: 'ack.office-name@example.com' });
    expect(ack.parsed.from?.value).toEqual([FROM]);
  });

  it("tells the reporter the office's phone for a deadline: the Malaysia duty officer's number", async () => {
    const { ack } = await deliver({ email: 'ack.phone@example.com' });
    expect(text(ack)).toContain('On a tight deadline? Call the press office on +6012 530 9693.');
    expect(html(ack)).toContain('+6012 530 9693');
  });

  it('carries the guidelines for reporting on children when the inquiry involves children, and not otherwise', async () => {
    const link = `${BASE_URL}/guidelines/children`;
    const withChildren = await deliver({ involvesChildren: true, email: 'ack.children@example.com' });
    expect(text(withChildren.ack)).toContain(link);
    expect(html(withChildren.ack)).toContain(`href="${link}"`);
    expect(text(withChildren.ack)).toContain('Reporting on children');

    const without = await deliver({ involvesChildren: false, email: 'ack.nochildren@example.com' });
    expect(text(without.ack)).not.toContain(link);
    expect(html(without.ack)).not.toContain(link);
  });
});

describe('alert to the officers', () => {
  it("is auto-generated, Reply-To the officers' side of the inquiry (never the reporter), with the reference, routing reasons and a link to the inquiry", async () => {
    const { body, alerts } = await deliver({ email: 'alert.reporter@example.com' });
    const replyTo = await replyAddressesOf(t, body.id);
    const row = await t.db
      .selectFrom('inquiries as i')
      .innerJoin('contacts as c', 'c.id', 'i.contact_id')
      .select(['i.routing', 'c.email as officer'])
      .where('i.id', '=', body.id)
      .executeTakeFirstOrThrow();
    // The assigned officer and the office inbox.
    expect(alerts.map((m) => m.envelope.to[0]).sort()).toEqual([row.officer, 'media.malaysia@example.org'].sort());
    const reasons = (row.routing as { reasons: string[] }).reasons;
    expect(reasons.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expect(alert.parsed.from?.value).toEqual([FROM]);
      expect(alert.parsed.headers.get('auto-submitted')).toBe('auto-generated');
      expect(alert.parsed.headers.get('x-auto-response-suppress')).toBe('All');
      expect(alert.parsed.replyTo?.value.map((a) => a.address)).toEqual([replyTo.staff]);
      expect(alert.raw).not.toContain('alert.reporter@example.com>');
      expect(alert.parsed.subject).toContain(body.reference);
      expect(alert.parsed.subject!.startsWith('[URGENT]')).toBe(false);
      expect(alert.raw.split(/\r?\n\r?\n/)[0]).not.toMatch(/^Importance:/im);
      for (const reason of reasons) expect(text(alert)).toContain(reason);
      expect(text(alert)).toContain(`${BASE_URL}/desk/inquiries/${body.id}`);
      expect(html(alert)).toContain(`href="${BASE_URL}/desk/inquiries/${body.id}"`);
    }
  });

  it('for a deadline before the response target is urgent: subject starts with [URGENT] and Importance: high', async () => {
    // TEST_NOW is 10:00 in Kuala Lumpur; a 14:00 deadline is far inside the 24 h target.
    const { body, alerts } = await deliver({ email: 'urgent.reporter@example.com', deadline: '2026-11-30T14:00:00+08:00' });
    expect(body.priority).toBe('urgent');
    for (const alert of alerts) {
      expect(alert.parsed.subject!.startsWith('[URGENT] ')).toBe(true);
      // mailparser folds Importance into `priority`, so read the raw header block too.
      const headerBlock = alert.raw.split(/\r?\n\r?\n/)[0]!;
      expect(headerBlock).toMatch(/^Importance: high$/im);
      expect(alert.parsed.headers.get('priority')).toBe('high');
    }
    const kinds = await t.db.selectFrom('emails').select('kind').where('inquiry_id', '=', body.id).where('kind', '!=', 'acknowledgement').execute();
    expect(kinds.map((k) => k.kind)).toEqual(['urgent_inquiry', 'urgent_inquiry']);
  });
});

describe('hostile input in email', () => {
  const SCRIPT = '<script>alert(1)</script>';
  const IMG = '<img src=x onerror=alert(1)>';
  const ESCAPED_SCRIPT = '&lt;script&gt;alert(1)&lt;/script&gt;';
  const ESCAPED_IMG = '&lt;img src=x onerror=alert(1)&gt;';

  it('script and HTML in name, outlet, subject and message are stored verbatim, escaped in every HTML part and plain in the text part', async () => {
    const input = {
      name: `Eve ${SCRIPT} ${IMG}`,
      outlet: `${IMG} Daily ${SCRIPT}`,
      subject: `Question ${SCRIPT} about ${IMG}`,
      message: `Hello ${SCRIPT}\n\nSecond paragraph ${IMG}`,
    };
    const { body, ack, alerts } = await deliver({ ...input, email: 'hostile.reporter@example.com' });

    const row = await t.db.selectFrom('inquiries').select(['name', 'outlet', 'subject', 'message']).where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row).toEqual(input);

    for (const mail of [ack, ...alerts]) {
      const h = html(mail);
      expect(h).not.toMatch(/<script/i);
      expect(h).not.toMatch(/<img/i);
      expect(h).toContain(ESCAPED_SCRIPT);
      expect(h).toContain(ESCAPED_IMG);
      expect(text(mail)).not.toMatch(/&(lt|gt|amp|quot|#\d+);/);
    }
    // The reporter sees their name and subject; officers see every field.
    expect(html(ack)).toContain(`Eve ${ESCAPED_SCRIPT} ${ESCAPED_IMG}`);
    expect(text(ack)).toContain(input.name);
    expect(text(ack)).toContain(input.subject);
    for (const alert of alerts) {
      for (const value of Object.values(input)) expect(text(alert)).toContain(value);
      expect(html(alert)).toContain(`${ESCAPED_IMG} Daily ${ESCAPED_SCRIPT}`);
      expect(html(alert)).toContain(`Hello ${ESCAPED_SCRIPT}\n\nSecond paragraph ${ESCAPED_IMG}`);
    }
  });
});
