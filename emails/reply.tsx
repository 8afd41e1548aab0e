// An officer's answer to the reporter: their own words, their signature, and
// the reference and status link underneath, in the inquiry's language.

import { htmlLang } from '../src/lib/languages.js';
import { multiLine, oneLine, safeUrl, subjectLine } from './format.js';
import { Layout, P, Preformatted, renderDocument } from './layout.js';
import type { Lang, RenderedEmail, ReplyData } from './types.js';

interface ReplyStrings {
  colon: string;
  reference: string;
  phone: string;
  follow: string;
  replyNote: string;
  footer: (office: string) => string;
}

const STRINGS: Record<Lang, ReplyStrings> = {
  en: {
    colon: ': ',
    reference: 'Reference',
    phone: 'Tel.',
    follow: 'Follow your inquiry',
    replyNote: 'To add something, reply to this email.',
    footer: (office) => `Sent by ${office} through the media inquiry service.`,
  },
  zh: {
    colon: '：',
    reference: '问询编号',
    phone: '电话',
    follow: '查看问询进展',
    replyNote: '如需补充信息，请直接回复本邮件。',
    footer: (office) => `此邮件由${office}通过媒体问询系统发送。`,
  },
  ms: {
    colon: ': ',
    reference: 'Nombor rujukan',
    phone: 'Tel.',
    follow: 'Ikuti pertanyaan anda',
    replyNote: 'Untuk menambah maklumat, balas e-mel ini.',
    footer: (office) => `Dihantar oleh ${office} melalui perkhidmatan pertanyaan media.`,
  },
};

export function renderReply(data: ReplyData, lang: Lang): RenderedEmail {
  const t = STRINGS[lang] ?? STRINGS.en;
  const reference = oneLine(data.reference);
  const statusUrl = safeUrl(data.statusUrl);
  const body = multiLine(data.body);
  const office = oneLine(data.officer.officeName);
  const signature = [
    oneLine(data.officer.name),
    data.officer.title ? oneLine(data.officer.title) : null,
    office,
    data.officer.phone ? `${t.phone} ${oneLine(data.officer.phone)}` : null,
  ].filter((l): l is string => !!l && l !== '');
  // Dedupe: a contact's title is often the office's name.
  const lines = signature.filter((l, i) => signature.indexOf(l) === i);
  const subject = subjectLine(`Re: ${data.subject} [${reference}]`);
  const footer = t.footer(office);

  const html = renderDocument(
    <Layout lang={htmlLang(lang)} title={subject} footer={footer}>
      <Preformatted>{body}</Preformatted>
      <p style="margin:0 0 16px;">
        {lines.map((l, i) => (
          <>
            {i === 0 ? <strong>{l}</strong> : l}
            <br />
          </>
        ))}
      </p>
      <P muted>
        {`${t.reference}${t.colon}${reference}`}
        <br />
        <a href={statusUrl}>{t.follow}</a>
        <br />
        {t.replyNote}
      </P>
    </Layout>,
  );

  const text = [body, '', '-- ', ...lines, '', `${t.reference}${t.colon}${reference}`, `${t.follow}${t.colon}${statusUrl}`, t.replyNote, '', footer];
  return { subject, html, text: text.join('\n') + '\n' };
}
