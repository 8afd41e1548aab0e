// Reporter-facing acknowledgement: "we received your inquiry".

import { htmlLang, messagesFor } from '../src/lib/languages.js';
import { formatDateTime, oneLine, safeUrl, subjectLine } from './format.js';
import { acknowledgementMessages } from './acknowledgement.i18n.js';
import { Button, Details, Heading, Layout, LinkText, Notice, P, renderDocument, SignOff, type DetailRow } from './layout.js';
import type { AcknowledgementData, Lang, RenderedEmail } from './types.js';

/** The acknowledgement's subject alone: the outbox has it at once; the body is rendered at send time. */
export function acknowledgementSubject(data: Pick<AcknowledgementData, 'reference' | 'subject'>, lang: Lang): string {
  return subjectLine(messagesFor(acknowledgementMessages, lang).subject(oneLine(data.reference), data.subject));
}

export function renderAcknowledgement(data: AcknowledgementData, lang: Lang): RenderedEmail {
  const t = messagesFor(acknowledgementMessages, lang);
  const name = oneLine(data.reporterName);
  const reference = oneLine(data.reference);
  const office = oneLine(data.officeName);
  const statusUrl = safeUrl(data.statusUrl);
  const phone = data.officePhone ? oneLine(data.officePhone) : '';
  const guidelinesUrl = data.involvesChildren ? safeUrl(data.guidelinesUrl) : '';
  const handledBy = data.contact
    ? t.contact(oneLine(data.contact.name), oneLine(data.contact.title))
    : t.pressOfficer;

  const rows: DetailRow[] = [
    [t.labels.reference, reference],
    [t.labels.subject, oneLine(data.subject)],
    [t.labels.office, office],
    [t.labels.handledBy, handledBy],
    [t.labels.dueAt, formatDateTime(data.dueAt, lang, data.timeZone)],
  ];
  if (data.deadline) rows.push([t.labels.deadline, formatDateTime(data.deadline, lang, data.timeZone)]);

  const subject = acknowledgementSubject(data, lang);
  const footer = t.footer(office);

  const html = renderDocument(
    <Layout lang={htmlLang(lang)} title={subject} footer={footer}>
      <Heading>{t.heading}</Heading>
      <P>{t.greeting(name)}</P>
      <P>{t.intro(office, reference)}</P>
      <Details rows={rows} />
      {data.deadline ? <P>{t.deadlineNote}</P> : null}
      {data.involvesChildren ? (
        <Notice tone="warning" title={t.childrenTitle}>
          <p style="margin:0 0 6px;">{t.childrenBody}</p>
          <a href={guidelinesUrl} style="color:inherit;font-weight:600;">
            {t.childrenLink}
          </a>
        </Notice>
      ) : null}
      <P>{t.statusIntro}</P>
      <Button href={statusUrl}>{t.statusButton}</Button>
      <LinkText href={statusUrl} />
      <P>{t.replyNote}</P>
      {phone ? <P>{t.phoneNote(phone)}</P> : null}
      <SignOff closing={t.closing} signature={t.signature} office={office} />
    </Layout>,
  );

  const lines: string[] = [t.greeting(name), '', t.intro(office, reference), ''];
  for (const [label, value] of rows) lines.push(`${label}${t.colon}${value}`);
  if (data.deadline) lines.push('', t.deadlineNote);
  if (data.involvesChildren) {
    lines.push('', t.childrenTitle, t.childrenBody, `${t.childrenLink}${t.colon}${guidelinesUrl}`);
  }
  lines.push('', t.statusIntro, statusUrl, '', t.replyNote);
  if (phone) lines.push('', t.phoneNote(phone));
  lines.push('', t.closing, t.signature, office, '', '-- ', footer);

  return { subject, html, text: lines.join('\n') + '\n' };
}
