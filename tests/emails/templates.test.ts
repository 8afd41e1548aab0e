import { describe, expect, it } from 'vitest';
import { renderAcknowledgement, renderNewInquiry, type AcknowledgementData, type Lang, type NewInquiryData } from '../../emails/index.js';

// The renderers are pure functions: no database, no SMTP, just data in and strings out.

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
const ESCAPED_SCRIPT = '&lt;script&gt;alert(1)&lt;/script&gt;';
const ESCAPED_IMG = '&lt;img src=x onerror=alert(1)&gt;';
const ENTITY = /&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/i;

const ack: AcknowledgementData = {
  reporterName: 'Mei Ling Tan',
  reference: 'PD-2026-00042',
  subject: 'Beijing Declaration',
  officeName: 'UNICEF Media Malaysia',
  contact: { name: 'Indra Kumari Nadchatram', title: 'UNICEF Media Malaysia' },
  statusUrl: 'https://pressdesk.example.org/inquiries/status/abc',
  // 09:00 UTC is 17:00 in Kuala Lumpur; 01:30 UTC is 09:30 there.
  dueAt: new Date('2026-11-30T09:00:00Z'),
  deadline: new Date('2026-12-01T01:30:00Z'),
  timeZone: 'Asia/Kuala_Lumpur',
  officePhone: '+6012 292 6872',
  involvesChildren: false,
  guidelinesUrl: 'https://pressdesk.example.org/guidelines/children',
};

const alert: NewInquiryData = {
  reference: 'PD-2026-00042',
  priority: 'normal',
  reporterName: 'Mei Ling Tan',
  reporterEmail: 'mei.ling@example.com',
  outlet: 'The Star',
  outletType: 'newspaper',
  country: 'MY',
  language: 'ms',
  subject: 'Beijing Declaration',
  message: 'What did Malaysia commit to?',
  officeName: 'UNICEF Media Malaysia',
  contactName: 'Indra Kumari Nadchatram',
  dueAt: new Date('2026-11-30T09:00:00Z'),
  deadline: null,
  timeZone: 'Asia/Kuala_Lumpur',
  involvesChildren: false,
  routingReasons: ['country MY → malaysia'],
  inquiryUrl: 'https://pressdesk.example.org/desk/inquiries/1',
  organisation: 'UNICEF',
};

// Wording from emails/i18n.ts, so a swapped or missing translation fails.
const LANGS: Array<{ lang: Lang; htmlLang: string; subject: string; heading: string; intro: string }> = [
  { lang: 'en', htmlLang: 'en', subject: 'We received your inquiry', heading: 'Your inquiry has been received', intro: 'Thank you for contacting UNICEF Media Malaysia' },
  { lang: 'zh', htmlLang: 'zh-Hans', subject: '我们已收到您的问询', heading: '您的问询已收到', intro: '感谢您联系UNICEF Media Malaysia' },
  { lang: 'ms', htmlLang: 'ms', subject: 'Kami telah menerima pertanyaan anda', heading: 'Pertanyaan anda telah diterima', intro: 'Terima kasih kerana menghubungi UNICEF Media Malaysia' },
];

describe('renderAcknowledgement', () => {
  for (const l of LANGS) {
    it(`renders in ${l.lang} with <html lang="${l.htmlLang}">, the reference and that language's wording`, () => {
      const r = renderAcknowledgement(ack, l.lang);
      expect(r.html.startsWith('<!doctype html>')).toBe(true);
      expect(r.html).toContain(`<html lang="${l.htmlLang}">`);
      expect(r.subject.startsWith(l.subject)).toBe(true);
      expect(r.subject).toContain('PD-2026-00042');
      expect(r.html).toContain(l.heading);
      expect(r.html).toContain(l.intro);
      expect(r.text).toContain(l.intro);
      expect(r.text).toContain(ack.statusUrl);
      expect(r.html).toContain(`href="${ack.statusUrl}"`);
      expect(r.text).toContain('Indra Kumari Nadchatram');
    });
  }

  it('the subject never contains CR/LF, in any language, even if the reporter\'s subject does', () => {
    for (const { lang } of LANGS) {
      const r = renderAcknowledgement({ ...ack, subject: 'Child nutrition\r\nBcc: victim@example.com\nX-Evil: 1' }, lang);
      expect(r.subject).not.toMatch(/[\r\n]/);
      expect(r.subject).toContain('Child nutrition Bcc: victim@example.com X-Evil: 1');
    }
  });

  it('shows the due time and deadline in the office time zone (09:00Z is 17:00 in Kuala Lumpur)', () => {
    for (const { lang } of LANGS) {
      const r = renderAcknowledgement(ack, lang);
      for (const part of [r.text, r.html]) {
        expect(part).toContain('17:00');
        expect(part).toContain('09:30');
        expect(part).toContain('GMT+8');
        expect(part).not.toContain('09:00');
      }
    }
    const ny = renderAcknowledgement({ ...ack, timeZone: 'America/New_York' }, 'en');
    expect(ny.text).toContain('04:00');
    expect(ny.text).toContain('GMT-5');
    expect(ny.text).not.toContain('17:00');
  });

  it('hostile name and subject are escaped in HTML and plain in text', () => {
    for (const { lang } of LANGS) {
      const r = renderAcknowledgement(
        { ...ack, reporterName: `Eve "E" O'Neil & Co ${SCRIPT}`, subject: `Q ${IMG} ${SCRIPT}`, officeName: `Office ${IMG}` },
        lang,
      );
      expect(r.html).not.toMatch(/<script/i);
      expect(r.html).not.toMatch(/<img/i);
      expect(r.html).toContain(ESCAPED_SCRIPT);
      expect(r.html).toContain(ESCAPED_IMG);
      expect(r.html).toContain('O&#39;Neil &amp; Co');
      expect(r.text).toContain(`Eve "E" O'Neil & Co ${SCRIPT}`);
      expect(r.text).toContain(`Q ${IMG} ${SCRIPT}`);
      expect(r.text).not.toMatch(ENTITY);
    }
  });

  it('adds the guidelines for reporting on children only when the inquiry involves children', () => {
    for (const { lang } of LANGS) {
      const withChildren = renderAcknowledgement({ ...ack, involvesChildren: true }, lang);
      expect(withChildren.text).toContain(ack.guidelinesUrl);
      expect(withChildren.html).toContain(`href="${ack.guidelinesUrl}"`);
      const without = renderAcknowledgement(ack, lang);
      expect(without.text).not.toContain(ack.guidelinesUrl);
      expect(without.html).not.toContain(ack.guidelinesUrl);
    }
  });

  it('refuses links that are not absolute http(s), so no javascript: URL can reach an email', () => {
    expect(() => renderAcknowledgement({ ...ack, statusUrl: 'javascript:alert(1)' }, 'en')).toThrow(TypeError);
    expect(() => renderAcknowledgement({ ...ack, involvesChildren: true, guidelinesUrl: '/relative' }, 'en')).toThrow(TypeError);
  });
});

describe('renderNewInquiry', () => {
  it('renders in English with the reference, routing reasons, the inquiry link and the office-time due date', () => {
    const r = renderNewInquiry(alert);
    expect(r.html).toContain('<html lang="en">');
    expect(r.subject).toBe('New inquiry PD-2026-00042 from The Star (newspaper): Beijing Declaration');
    for (const part of [r.text, r.html]) {
      expect(part).toContain('country MY → malaysia');
      expect(part).toContain(alert.inquiryUrl);
      expect(part).toContain('17:00');
      expect(part).toContain('GMT+8');
    }
    expect(r.html).not.toContain('URGENT');
  });

  it('urgent: subject starts with [URGENT] and the body carries the banner', () => {
    const r = renderNewInquiry({ ...alert, priority: 'urgent' });
    expect(r.subject.startsWith('[URGENT] New inquiry PD-2026-00042')).toBe(true);
    expect(r.html).toContain('URGENT');
    expect(r.text).toContain('*** URGENT');
  });

  it('the subject never contains CR/LF even if subject, outlet or reference do', () => {
    const r = renderNewInquiry({ ...alert, subject: 'Hi\r\nBcc: victim@example.com', outlet: 'Star\nCc: x@example.com', reference: 'PD\r\n1' });
    expect(r.subject).not.toMatch(/[\r\n]/);
    expect(r.subject).toContain('Hi Bcc: victim@example.com');
  });

  it('hostile input in every field is escaped in HTML and plain in text; message line breaks are kept', () => {
    const message = `Hello,\r\n\r\nLine two ${SCRIPT}\n  indented ${IMG}`;
    const r = renderNewInquiry({
      ...alert,
      reporterName: `Eve ${SCRIPT}`,
      outlet: `${IMG} Daily`,
      subject: `Q ${SCRIPT}`,
      message,
      routingReasons: [`keyword "${IMG}"`],
    });
    expect(r.html).not.toMatch(/<script/i);
    expect(r.html).not.toMatch(/<img/i);
    expect(r.html).toContain(`Eve ${ESCAPED_SCRIPT}`);
    expect(r.html).toContain(`${ESCAPED_IMG} Daily`);
    expect(r.html).toContain(`Hello,\n\nLine two ${ESCAPED_SCRIPT}\n  indented ${ESCAPED_IMG}`);
    expect(r.text).toContain(`Eve ${SCRIPT}`);
    expect(r.text).toContain(`${IMG} Daily`);
    expect(r.text).toContain(`Q ${SCRIPT}`);
    expect(r.text).toContain(`Hello,\n\nLine two ${SCRIPT}\n  indented ${IMG}`);
    expect(r.text).not.toMatch(ENTITY);
  });
});
