// To the reporter when an inquiry with their deadline reached its due time with no answer: we have your
// question and are on it; the office's phone for a reporter on deadline.

import { htmlLang, messagesFor } from '../src/lib/languages.js';
import { oneLine, safeUrl, subjectLine } from './format.js';
import { holdingNoteMessages } from './holding-note.i18n.js';
import { Layout, LinkText, P, renderDocument, SignOff } from './layout.js';
import type { HoldingNoteData, Lang, RenderedEmail } from './types.js';

export function renderHoldingNote(data: HoldingNoteData, lang: Lang): RenderedEmail {
  const t = messagesFor(holdingNoteMessages, lang);
  const name = oneLine(data.reporterName);
  const reference = oneLine(data.reference);
  const office = oneLine(data.officeName);
  const phone = data.officePhone ? oneLine(data.officePhone) : '';
  const statusUrl = safeUrl(data.statusUrl);
  // As the officers' replies are titled, so mail clients keep the thread together.
  const subject = subjectLine(`Re: ${data.subject} [${reference}]`);
  const footer = t.footer(office);

  const html = renderDocument(
    <Layout lang={htmlLang(lang)} title={subject} footer={footer}>
      <P>{t.greeting(name)}</P>
      <P>{t.body(office, reference)}</P>
      {phone ? <P>{t.phoneNote(phone)}</P> : null}
      <P>
        <a href={statusUrl}>{t.statusLink}</a>
      </P>
      <LinkText href={statusUrl} />
      <P muted>{t.replyNote}</P>
      <SignOff closing={t.closing} signature={t.signature} office={office} />
    </Layout>,
  );

  const lines = [t.greeting(name), '', t.body(office, reference)];
  if (phone) lines.push('', t.phoneNote(phone));
  lines.push('', `${t.statusLink}${t.colon}${statusUrl}`, '', t.replyNote, '', t.closing, t.signature, office, '', '-- ', footer);
  return { subject, html, text: lines.join('\n') + '\n' };
}
