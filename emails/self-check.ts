// Quick manual check: `npx tsx emails/self-check.ts` (add `--print` to see every render).
// Throws on the first failed assertion.

import assert from 'node:assert/strict';
import { htmlLang, LANGUAGES } from '../src/lib/languages.js';
import { renderAcknowledgement, renderHoldingNote, renderNewInquiry, type AcknowledgementData, type NewInquiryData } from './index.js';

const XSS = '<script>alert(1)</script>';
const print = process.argv.includes('--print');

const ack: AcknowledgementData = {
  reporterName: `Jane "JD" O'Neil & Co ${XSS}`,
  reference: 'PD-2026-00042',
  subject: `Child nutrition\r\nBcc: victim@example.com ${XSS}`,
  officeName: 'UNICEF Media Malaysia',
  contact: { name: 'Aisha Rahman', title: 'Communication Officer' },
  statusUrl: 'https://pressdesk.example.org/s/abc123?t=x&y=1',
  dueAt: new Date('2026-03-02T09:00:00Z'),
  deadline: new Date('2026-03-03T01:30:00Z'),
  timeZone: 'Asia/Kuala_Lumpur',
  officePhone: '+6012 292 6872',
  involvesChildren: true,
  guidelinesUrl: 'https://www.unicef.org/media/reporting-guidelines',
};

for (const lang of LANGUAGES) {
  for (const variant of [ack, { ...ack, contact: null, deadline: null, involvesChildren: false }]) {
    const r = renderAcknowledgement(variant, lang);
    assert.doesNotMatch(r.subject, /[\r\n]/);
    assert.ok(r.subject.includes('PD-2026-00042'));
    assert.ok(r.html.startsWith('<!doctype html>'));
    assert.ok(r.html.includes(`<html lang="${htmlLang(lang)}">`));
    assert.ok(!r.html.includes('<script'), 'html must not contain a script tag');
    assert.ok(r.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(r.text.includes(XSS) && r.text.includes(`"JD" O'Neil & Co`));
    assert.ok(!/&(lt|gt|amp|quot|#\d+);/.test(r.text), 'text must not contain HTML entities');
    assert.ok(r.text.includes(variant.statusUrl));
    assert.equal(r.text.includes(ack.guidelinesUrl), variant.involvesChildren);
    assert.equal(r.text.includes('Aisha Rahman'), variant.contact !== null);
    assert.ok(/GMT\+8/.test(r.text));
    if (print) console.log(`\n===== ack ${lang} =====\nSubject: ${r.subject}\n\n${r.text}\n${r.html}`);
  }
}

const inquiry: NewInquiryData = {
  reference: 'PD-2026-00042',
  priority: 'urgent',
  reporterName: `Mallory ${XSS}`,
  reporterEmail: 'mallory@example.com',
  outlet: 'The Daily <b>Star</b>',
  outletType: 'newspaper',
  country: 'MY',
  language: 'ms',
  subject: `Question\nabout ${XSS}`,
  message: `Hello,\r\n\r\nLine two ${XSS}\n  indented line\n\nThanks`,
  officeName: 'UNICEF Media Malaysia',
  contactName: null,
  dueAt: new Date('2026-03-02T09:00:00Z'),
  deadline: null,
  timeZone: 'Asia/Kuala_Lumpur',
  involvesChildren: true,
  routingReasons: ['country MY → malaysia', `keyword match: "${XSS}"`],
  inquiryUrl: 'https://pressdesk.example.org/inquiries/42',
  organisation: 'UNICEF',
};

for (const variant of [inquiry, { ...inquiry, priority: 'normal' as const, involvesChildren: false, routingReasons: [] }]) {
  const r = renderNewInquiry(variant);
  assert.doesNotMatch(r.subject, /[\r\n]/);
  assert.equal(r.subject.startsWith('[URGENT] '), variant.priority === 'urgent');
  assert.equal(r.html.includes('URGENT'), variant.priority === 'urgent');
  assert.equal(r.html.includes('informed consent'), variant.involvesChildren);
  assert.ok(!r.html.includes('<script') && !r.html.includes('<b>'));
  assert.ok(r.html.includes('white-space:pre-wrap'));
  assert.ok(r.html.includes('Hello,\n\nLine two &lt;script&gt;'));
  assert.ok(r.text.includes(`Hello,\n\nLine two ${XSS}\n  indented line\n\nThanks`));
  assert.ok(!/&(lt|gt|amp|quot|#\d+);/.test(r.text));
  assert.ok(r.text.includes('Unassigned') && r.text.includes('MY'));
  if (print) console.log(`\n===== new inquiry (${variant.priority}) =====\nSubject: ${r.subject}\n\n${r.text}\n${r.html}`);
}

for (const lang of LANGUAGES) {
  for (const officePhone of ['+6012 292 6872', null]) {
    const r = renderHoldingNote({ ...ack, officePhone }, lang);
    assert.doesNotMatch(r.subject, /[\r\n]/);
    assert.ok(r.subject.includes('PD-2026-00042'));
    assert.ok(r.html.includes(`<html lang="${htmlLang(lang)}">`));
    assert.ok(!r.html.includes('<script'), 'html must not contain a script tag');
    assert.ok(r.text.includes(XSS) && r.text.includes(`"JD" O'Neil & Co`));
    assert.ok(!/&(lt|gt|amp|quot|#\d+);/.test(r.text), 'text must not contain HTML entities');
    assert.equal(r.text.includes('+6012 292 6872'), officePhone !== null);
    if (print) console.log(`\n===== holding note ${lang} =====\nSubject: ${r.subject}\n\n${r.text}\n${r.html}`);
  }
}

console.log('emails self-check: OK');
