import { describe, expect, it } from 'vitest';
import {
  renderAcknowledgement,
  renderDeskNotice,
  renderDigest,
  renderEscalation,
  renderHoldingNote,
  renderNewInquiry,
  renderReply,
  renderSharedArticle,
  renderSignInLink,
  type Lang,
  type RenderedEmail,
} from '../../emails/index.js';

// Every template, in every language it is written in, with every optional part
// shown: the mail reads as the organisation's and the press office's, never
// as the software's ("Pressdesk" is the product, not a sender).

const LANGS: Lang[] = ['en', 'zh', 'ms'];
const at = new Date('2026-11-30T03:00:00Z');
const url = 'https://media.example.org/desk/inquiries/1';
const statusUrl = 'https://media.example.org/inquiries/status/abc';
const XSS = '<script>alert(1)</script>';

function everyRender(): { name: string; rendered: RenderedEmail }[] {
  const out: { name: string; rendered: RenderedEmail }[] = [];
  for (const lang of LANGS) {
    out.push({
      name: `acknowledgement (${lang})`,
      rendered: renderAcknowledgement(
        {
          reporterName: 'Mei Ling Tan',
          reference: 'PD-2026-00042',
          subject: 'Beijing Declaration',
          officeName: 'UNICEF Media Malaysia',
          contact: { name: 'Indra Kumari Nadchatram', title: 'Communication Officer' },
          statusUrl,
          dueAt: at,
          deadline: at,
          timeZone: 'Asia/Kuala_Lumpur',
          officePhone: '+6012 292 6872',
          involvesChildren: true,
          guidelinesUrl: 'https://media.example.org/guidelines/children',
        },
        lang,
      ),
    });
    out.push({
      name: `holding note (${lang})`,
      rendered: renderHoldingNote(
        { reporterName: 'Mei Ling Tan', reference: 'PD-2026-00042', subject: 'Beijing Declaration', officeName: 'UNICEF Media Malaysia', officePhone: '+6012 292 6872', statusUrl },
        lang,
      ),
    });
    out.push({
      name: `reply (${lang})`,
      rendered: renderReply(
        {
          reference: 'PD-2026-00042',
          subject: 'Beijing Declaration',
          body: 'Our answer.',
          officer: { name: 'Indra Kumari Nadchatram', title: 'Communication Officer', officeName: 'UNICEF Media Malaysia', phone: '+6012 292 6872' },
          statusUrl,
        },
        lang,
      ),
    });
    out.push({
      name: `shared article (${lang})`,
      rendered: renderSharedArticle(
        {
          senderName: 'Mei Ling Tan',
          note: 'Worth a read.',
          organisation: 'UNICEF',
          article: { title: 'Asia-Pacific governments commit', dateline: 'Beijing, 6 November 2010', excerpt: ['The meeting was held.'], url: 'https://media.example.org/news/x' },
          unsubscribeUrl: 'https://media.example.org/share/unsubscribe/abc',
        },
        lang,
      ),
    });
  }
  const common = { reference: 'PD-2026-00042', subject: 'Beijing Declaration', reporterName: 'Mei Ling Tan', outlet: 'The Star', officeName: 'UNICEF Media Malaysia', timeZone: 'Asia/Kuala_Lumpur', inquiryUrl: url, organisation: 'UNICEF' };
  for (const priority of ['normal', 'urgent'] as const) {
    out.push({
      name: `new inquiry (${priority})`,
      rendered: renderNewInquiry({
        ...common,
        priority,
        reporterEmail: 'mei.ling@example.com',
        outletType: 'newspaper',
        country: 'MY',
        language: 'ms',
        message: 'What did Malaysia commit to?',
        contactName: null,
        dueAt: at,
        deadline: at,
        involvesChildren: true,
        routingReasons: ['country MY → malaysia'],
        attachments: [{ filename: 'notes.pdf', size: '12 KB' }],
      }),
    });
  }
  for (const [step, rerouted] of [[1, false], [2, true], [2, false]] as const) {
    out.push({
      name: `escalation (step ${step}${rerouted ? ', re-routed' : ''})`,
      rendered: renderEscalation({ ...common, step, rerouted, reporterEmail: 'mei.ling@example.com', fromOfficeName: rerouted ? 'UNICEF Media China' : null, contactName: null, overdueSince: at, dueAt: at, deadline: at }),
    });
  }
  for (const kind of ['assigned', 'transferred', 'follow_up'] as const) {
    out.push({
      name: `desk notice (${kind})`,
      rendered: renderDeskNotice({ ...common, kind, priority: 'urgent', byName: 'Juana Jaafar', fromOfficeName: 'UNICEF Media China', reason: 'Regional story', dueAt: at, involvesChildren: true }),
    });
  }
  out.push({
    name: 'digest',
    rendered: renderDigest({ recipientName: 'Juana Jaafar', organisation: 'UNICEF', timeZone: 'Asia/Kuala_Lumpur', items: [{ kind: 'new_inquiry', reference: 'PD-2026-00042', priority: 'urgent', subject: 'Beijing Declaration', at, inquiryUrl: url }] }),
  });
  out.push({ name: 'sign-in link', rendered: renderSignInLink({ name: 'Juana Jaafar', url: 'https://media.example.org/desk/sign-in/link/abc', expiresAt: at, minutes: 15, organisation: 'UNICEF' }) });
  return out;
}

describe('every email template', () => {
  const renders = everyRender();

  it('covers each template: acknowledgement, holding note, reply, shared article in three languages, and the staff emails', () => {
    expect(renders.map((r) => r.name.replace(/ \(.*\)$/, ''))).toEqual(
      expect.arrayContaining(['acknowledgement', 'holding note', 'reply', 'shared article', 'new inquiry', 'escalation', 'desk notice', 'digest', 'sign-in link']),
    );
  });

  for (const { name, rendered } of renders) {
    it(`${name}: no "Pressdesk" in the subject, the HTML or the text`, () => {
      for (const part of [rendered.subject, rendered.html, rendered.text]) expect(part).not.toMatch(/pressdesk/i);
    });
  }

  it('staff emails name the organisation in their footer; the digest and the sign-in link in their subject', () => {
    const byName = new Map(renders.map((r) => [r.name, r.rendered]));
    expect(byName.get('digest')!.subject).toBe('UNICEF media desk digest: 1 update');
    expect(byName.get('sign-in link')!.subject).toBe('Your UNICEF media desk sign-in link');
    for (const name of ['new inquiry (normal)', 'escalation (step 1)', 'desk notice (assigned)', 'digest']) {
      expect(byName.get(name)!.text).toContain('Sent automatically by the UNICEF media inquiry service.');
    }
  });
});

describe('renderHoldingNote', () => {
  const note = { reporterName: `Eve ${XSS} & Co`, reference: 'PD-2026-00042', subject: `Q ${XSS}`, officeName: 'UNICEF Media Malaysia', officePhone: '+6012 292 6872', statusUrl };

  it('is threaded by subject like the officers\' replies, names the reference and links the status page', () => {
    for (const lang of LANGS) {
      const r = renderHoldingNote(note, lang);
      expect(r.subject).toBe(`Re: Q ${XSS} [PD-2026-00042]`);
      expect(r.text).toContain('PD-2026-00042');
      expect(r.text).toContain(statusUrl);
      expect(r.html).toContain(`href="${statusUrl}"`);
    }
  });

  it('gives the office phone when there is one, and leaves the phone sentence out when there is none', () => {
    const sentence: Record<Lang, string> = { en: 'call the press office on', zh: '请致电新闻办公室', ms: 'hubungi pejabat akhbar di talian' };
    for (const lang of LANGS) {
      expect(renderHoldingNote(note, lang).text).toContain(`${sentence[lang]}`);
      expect(renderHoldingNote(note, lang).text).toContain('+6012 292 6872');
      const none = renderHoldingNote({ ...note, officePhone: null }, lang);
      expect(none.text).not.toContain(sentence[lang]);
      expect(none.html).not.toContain(sentence[lang]);
    }
  });

  it('escapes the reporter\'s name in HTML and keeps it plain in text', () => {
    for (const lang of LANGS) {
      const r = renderHoldingNote(note, lang);
      expect(r.html).not.toMatch(/<script/i);
      expect(r.html).toContain('Eve &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
      expect(r.text).toContain(`Eve ${XSS} & Co`);
      expect(r.text).not.toMatch(/&(lt|gt|amp|quot|#\d+);/);
    }
  });
});

describe('renderAcknowledgement: the phone for a reporter on deadline', () => {
  const ack = {
    reporterName: 'Mei Ling Tan',
    reference: 'PD-2026-00042',
    subject: 'Beijing Declaration',
    officeName: 'UNICEF Media Malaysia',
    contact: null,
    statusUrl,
    dueAt: at,
    deadline: null,
    timeZone: 'Asia/Kuala_Lumpur',
    officePhone: `+6012 292 6872 ${XSS}`,
    involvesChildren: false,
    guidelinesUrl: 'https://media.example.org/guidelines/children',
  };
  const sentence: Record<Lang, string> = { en: 'Call the press office on', zh: '请致电新闻办公室', ms: 'hubungi pejabat akhbar di talian' };

  it('says how to reach the office by phone, in each language, escaped; not a word of it without a phone', () => {
    for (const lang of LANGS) {
      const r = renderAcknowledgement(ack, lang);
      expect(r.text).toContain(sentence[lang]);
      expect(r.text).toContain(`+6012 292 6872 ${XSS}`);
      expect(r.html).toContain('+6012 292 6872 &lt;script&gt;');
      expect(r.html).not.toMatch(/<script/i);
      const none = renderAcknowledgement({ ...ack, officePhone: null }, lang);
      expect(none.text).not.toContain(sentence[lang]);
      expect(none.html).not.toContain(sentence[lang]);
    }
  });
});
