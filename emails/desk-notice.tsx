// Staff notifications about one inquiry (always English): a lead assigned it
// to you, another office transferred it to yours, or the reporter wrote again.

import { formatDateTime, oneLine, safeUrl, staffFooter, subjectLine } from './format.js';
import { Button, Details, Heading, Layout, LinkText, Notice, P, renderDocument, type DetailRow } from './layout.js';
import type { DeskNoticeData, RenderedEmail } from './types.js';


function wording(d: DeskNoticeData, reference: string, office: string) {
  const by = d.byName ? oneLine(d.byName) : 'A colleague';
  switch (d.kind) {
    case 'assigned':
      return { subject: `Assigned to you: ${reference}`, heading: `${by} assigned inquiry ${reference} to you` };
    case 'transferred':
      return {
        subject: `Transferred to ${office}: ${reference}`,
        heading: `${by} transferred inquiry ${reference} to ${office}${d.fromOfficeName ? ` from ${oneLine(d.fromOfficeName)}` : ''}`,
      };
    case 'follow_up':
      return { subject: `The reporter wrote again on ${reference}`, heading: `The reporter wrote again on inquiry ${reference}` };
  }
}

export function renderDeskNotice(data: DeskNoticeData): RenderedEmail {
  const urgent = data.priority === 'urgent';
  const reference = oneLine(data.reference);
  const office = oneLine(data.officeName);
  const inquiryUrl = safeUrl(data.inquiryUrl);
  const w = wording(data, reference, office);
  const rows: DetailRow[] = [
    ['Reference', reference],
    ['Priority', urgent ? 'Urgent' : 'Normal'],
    ['Subject', oneLine(data.subject)],
    ['Reporter', `${oneLine(data.reporterName)}, ${oneLine(data.outlet)}`],
    ['Office', office],
    ['Due', formatDateTime(data.dueAt, 'en', data.timeZone)],
    ['Involves children', data.involvesChildren ? 'Yes' : 'No'],
  ];
  if (data.kind === 'transferred' && data.reason) rows.push(['Reason for the transfer', oneLine(data.reason)]);
  const subject = subjectLine(`${urgent ? '[URGENT] ' : ''}${w.subject}: ${data.subject}`);

  const html = renderDocument(
    <Layout lang="en" title={subject} footer={staffFooter(data.organisation)}>
      {urgent ? (
        <Notice tone="urgent" title="URGENT">
          This inquiry is marked urgent. Please respond as a priority.
        </Notice>
      ) : null}
      <Heading>{w.heading}</Heading>
      <Details rows={rows} />
      <Button href={inquiryUrl}>Open the inquiry</Button>
      <LinkText href={inquiryUrl} />
      <P muted>The message itself is on the desk, not in this email.</P>
    </Layout>,
  );

  const lines: string[] = [];
  if (urgent) lines.push('*** URGENT: This inquiry is marked urgent. Please respond as a priority. ***', '');
  lines.push(w.heading, '');
  for (const [label, value] of rows) lines.push(`${label}: ${value}`);
  lines.push('', `Open the inquiry: ${inquiryUrl}`, '', '-- ', staffFooter(data.organisation));
  return { subject, html, text: lines.join('\n') + '\n' };
}
