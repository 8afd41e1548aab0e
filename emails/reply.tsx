// An officer's answer to the reporter: their own words, their signature, and
// the reference and status link underneath, in the inquiry's language.

import { htmlLang, messagesFor } from '../src/lib/languages.js';
import { multiLine, oneLine, safeUrl, subjectLine } from './format.js';
import { Layout, P, Preformatted, renderDocument } from './layout.js';
import { replyMessages } from './reply.i18n.js';
import type { Lang, RenderedEmail, ReplyData } from './types.js';

export function renderReply(data: ReplyData, lang: Lang): RenderedEmail {
  const t = messagesFor(replyMessages, lang);
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
