// Staff notification for a new inquiry (always English).

import { formatDateTime, multiLine, oneLine, safeUrl, staffFooter, subjectLine } from './format.js';
import { Button, Details, Heading, Layout, LinkText, Notice, P, Preformatted, renderDocument, type DetailRow } from './layout.js';
import type { Lang, NewInquiryData, RenderedEmail } from './types.js';

/** The reporter's language as press officers see it. */
const LANGUAGE_NAMES: Record<Lang, string> = {
  en: 'English',
  zh: 'Chinese (Simplified)',
  ms: 'Malay',
};

const URGENT_TITLE = 'URGENT';
const URGENT_BODY = 'This inquiry is marked urgent. Please respond as a priority.';
const CHILDREN_TITLE = 'Involves children';
const CHILDREN_BODY =
  'Check the ethical guidelines before agreeing to any interview or photo: informed consent of the child and a parent/guardian, identity protected, no harm.';
const RULE = '-'.repeat(60);

function outletOf(data: Pick<NewInquiryData, 'outlet' | 'outletType'>): string {
  return data.outletType ? `${oneLine(data.outlet)} (${oneLine(data.outletType)})` : oneLine(data.outlet);
}

/** The alert's subject alone: cheap, so the outbox has it the moment the inquiry is stored, before the body is rendered at send time. */
export function newInquirySubject(data: Pick<NewInquiryData, 'priority' | 'reference' | 'outlet' | 'outletType' | 'subject'>): string {
  const urgent = data.priority === 'urgent';
  return subjectLine(`${urgent ? '[URGENT] ' : ''}New inquiry ${oneLine(data.reference)} from ${outletOf(data)}: ${data.subject}`);
}

export function renderNewInquiry(data: NewInquiryData): RenderedEmail {
  const urgent = data.priority === 'urgent';
  const reference = oneLine(data.reference);
  const inquiryUrl = safeUrl(data.inquiryUrl);
  const reporterSubject = oneLine(data.subject);
  const message = multiLine(data.message);
  const outlet = outletOf(data);
  const reasons = data.routingReasons.map(oneLine).filter((r) => r !== '');

  const rows: DetailRow[] = [
    ['Reference', reference],
    ['Priority', urgent ? 'Urgent' : 'Normal'],
    ['Office', oneLine(data.officeName)],
    ['Assigned to', data.contactName ? oneLine(data.contactName) : 'Unassigned'],
    ['Due', formatDateTime(data.dueAt, 'en', data.timeZone)],
    ["Reporter's deadline", data.deadline ? formatDateTime(data.deadline, 'en', data.timeZone) : 'None given'],
    ['Reporter', `${oneLine(data.reporterName)} <${oneLine(data.reporterEmail)}>`],
    ['Outlet', outlet],
    ['Country', oneLine(data.country)],
    ['Language', `${LANGUAGE_NAMES[data.language] ?? data.language} (${data.language})`],
    ['Involves children', data.involvesChildren ? 'Yes' : 'No'],
  ];
  const files = data.attachments ?? [];
  if (files.length > 0) {
    rows.push(['Attachments', `${files.map((f) => `${oneLine(f.filename)} (${oneLine(f.size)})`).join(', ')}; open them in the desk`]);
  }

  const subject = newInquirySubject(data);

  const html = renderDocument(
    <Layout lang="en" title={subject} footer={staffFooter(data.organisation)}>
      {urgent ? (
        <Notice tone="urgent" title={URGENT_TITLE}>
          {URGENT_BODY}
        </Notice>
      ) : null}
      {data.involvesChildren ? (
        <Notice tone="warning" title={CHILDREN_TITLE}>
          {CHILDREN_BODY}
        </Notice>
      ) : null}
      <Heading>New media inquiry {reference}</Heading>
      <Details rows={rows} />
      <p style="margin:0 0 6px;font-weight:700;">Routing</p>
      {reasons.length > 0 ? (
        <ul style="margin:0 0 16px;padding-left:20px;">
          {reasons.map((r) => (
            <li style="margin:0 0 4px;">{r}</li>
          ))}
        </ul>
      ) : (
        <P muted>No routing reasons recorded.</P>
      )}
      <Button href={inquiryUrl}>Open the inquiry</Button>
      <LinkText href={inquiryUrl} />
      <p style="margin:0 0 6px;font-weight:700;">Subject</p>
      <P>{reporterSubject}</P>
      <p style="margin:0 0 6px;font-weight:700;">Message</p>
      <Preformatted>{message || '(no message)'}</Preformatted>
    </Layout>,
  );

  const lines: string[] = [];
  if (urgent) lines.push(`*** ${URGENT_TITLE}: ${URGENT_BODY} ***`, '');
  if (data.involvesChildren) lines.push(`*** ${CHILDREN_TITLE.toUpperCase()}: ${CHILDREN_BODY} ***`, '');
  lines.push(`New media inquiry ${reference}`, '');
  for (const [label, value] of rows) lines.push(`${label}: ${value}`);
  lines.push('', 'Routing:');
  if (reasons.length > 0) for (const r of reasons) lines.push(`- ${r}`);
  else lines.push('- No routing reasons recorded.');
  lines.push('', `Open the inquiry: ${inquiryUrl}`, '', `Subject: ${reporterSubject}`, '', 'Message:', RULE);
  lines.push(message || '(no message)', RULE, '', '-- ', staffFooter(data.organisation));

  return { subject, html, text: lines.join('\n') + '\n' };
}
