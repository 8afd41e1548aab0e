import { describe, expect, it } from 'vitest';
import { renderEscalation, type EscalationData } from '../../../emails/index.js';

// The escalation template: pure, so no database and no SMTP server here.

const XSS = '<script>alert(1)</script>';

const base: EscalationData = {
  step: 1,
  rerouted: false,
  reference: 'PD-2026-00042',
  subject: 'Beijing Declaration: what Malaysia committed to',
  reporterName: 'Mei Ling Tan',
  reporterEmail: 'mei.ling@example.com',
  outlet: 'The Star',
  officeName: 'UNICEF Media Malaysia',
  fromOfficeName: null,
  contactName: 'Juana Jaafar',
  overdueSince: new Date('2026-11-30T03:00:00Z'),
  dueAt: new Date('2026-11-30T03:00:00Z'),
  deadline: null,
  timeZone: 'Asia/Kuala_Lumpur',
  inquiryUrl: 'http://pressdesk.test/desk/inquiries/0d6c8f4e-1c1f-4a57-9d49-3d1f8f1b2a10',
  organisation: 'UNICEF',
};

describe('renderEscalation', () => {
  it('step 1: subject with the reference and "overdue", the missed due time in office time, the link in both parts', () => {
    const r = renderEscalation(base);
    expect(r.subject).toBe('[OVERDUE] Inquiry PD-2026-00042 is overdue with no response: Beijing Declaration: what Malaysia committed to');
    expect(r.text).toContain('Was due: Monday, 30 November 2026 at 11:00 Malaysia Time (GMT+8)');
    expect(r.text).not.toContain('Now due');
    expect(r.text).toContain('Assigned to: Juana Jaafar');
    expect(r.text).toContain(base.inquiryUrl);
    expect(r.html).toContain(`href="${base.inquiryUrl}"`);
    expect(r.html.startsWith('<!doctype html>')).toBe(true);
  });

  it('step 2 re-routed: names both offices and the new due time', () => {
    const r = renderEscalation({
      ...base,
      step: 2,
      rerouted: true,
      officeName: 'UNICEF East Asia and Pacific Regional Office',
      fromOfficeName: 'UNICEF Media Malaysia',
      contactName: null,
      dueAt: new Date('2026-12-01T04:31:00Z'),
      timeZone: 'Asia/Bangkok',
    });
    expect(r.subject).toMatch(/^\[OVERDUE\] Inquiry PD-2026-00042 re-routed to UNICEF East Asia and Pacific Regional Office: /);
    expect(r.text).toContain('Re-routed from: UNICEF Media Malaysia');
    expect(r.text).toContain('Assigned to: Unassigned');
    expect(r.text).toContain('Now due: Tuesday, 1 December 2026 at 11:31');
  });

  it('step 2 with nowhere to go: "still overdue"', () => {
    const r = renderEscalation({ ...base, step: 2, rerouted: false });
    expect(r.subject).toMatch(/^\[OVERDUE\] Inquiry PD-2026-00042 is still overdue with no response: /);
    expect(r.text).not.toContain('Re-routed from');
  });

  it('CR/LF cannot add a header; script and HTML in every free-text field are escaped in HTML and plain in text', () => {
    const r = renderEscalation({
      ...base,
      step: 2,
      rerouted: true,
      subject: `Question\r\nBcc: victim@example.com ${XSS}`,
      reporterName: `Mallory "M" O'Neil & Co ${XSS}`,
      reporterEmail: 'mallory@example.com',
      outlet: `The Daily <b>Star</b>\nX-Evil: 1`,
      officeName: `Office ${XSS}`,
      fromOfficeName: `Old <i>office</i>`,
      contactName: `Officer ${XSS}`,
      reference: 'PD-2026-00042\r\nX-Injected: yes',
    });
    expect(r.subject).not.toMatch(/[\r\n]/);
    expect(r.html).not.toContain('<script');
    expect(r.html).not.toContain('<b>Star</b>');
    expect(r.html).not.toContain('<i>office</i>');
    expect(r.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(r.html).toContain('&lt;b&gt;Star&lt;/b&gt;');
    expect(r.text).toContain(`Reporter: Mallory "M" O'Neil & Co ${XSS} <mallory@example.com>`);
    expect(r.text).toContain('Outlet: The Daily <b>Star</b> X-Evil: 1');
    expect(r.text).not.toMatch(/^X-(Evil|Injected)/m);
    expect(r.text).not.toMatch(/&(lt|gt|amp|quot|#\d+);/);
  });

  it('refuses a link that is not absolute http(s)', () => {
    expect(() => renderEscalation({ ...base, inquiryUrl: 'javascript:alert(1)' })).toThrow(TypeError);
  });
});
