// Staff notification that an inquiry is overdue (always English).
// Step 1 goes to the office lead; step 2 to the office the inquiry moved to
// (or to the lead again when there is no office above).

import { formatDateTime, oneLine, safeUrl, staffFooter, subjectLine } from './format.js';
import { Button, Details, Heading, Layout, LinkText, Notice, P, renderDocument, type DetailRow } from './layout.js';
import type { EscalationData, RenderedEmail } from './types.js';


function wording(data: EscalationData, reference: string, officeName: string, fromOfficeName: string) {
  if (data.step === 1) {
    return {
      subject: `[OVERDUE] Inquiry ${reference} is overdue with no response`,
      title: `Inquiry ${reference} is overdue`,
      notice: `Nobody has answered this inquiry and it is past its due time. You are receiving this as lead of ${officeName}. If it stays unanswered, it moves to the office above yours (regional, then head office), where there is one.`,
    };
  }
  if (data.rerouted) {
    return {
      subject: `[OVERDUE] Inquiry ${reference} re-routed to ${officeName}`,
      title: `Overdue inquiry ${reference} is now with ${officeName}`,
      notice: `${fromOfficeName} did not answer this inquiry in time, so it has been re-routed to ${officeName} as urgent. Please respond as a priority.`,
    };
  }
  return {
    subject: `[OVERDUE] Inquiry ${reference} is still overdue with no response`,
    title: `Inquiry ${reference} is still overdue`,
    notice: `Nobody has answered this inquiry and there is no office above ${officeName} to re-route it to. Please make sure it is answered now.`,
  };
}

export function renderEscalation(data: EscalationData): RenderedEmail {
  const reference = oneLine(data.reference);
  const officeName = oneLine(data.officeName);
  const fromOfficeName = data.fromOfficeName ? oneLine(data.fromOfficeName) : officeName;
  const inquiryUrl = safeUrl(data.inquiryUrl);
  const reporterSubject = oneLine(data.subject);
  const w = wording(data, reference, officeName, fromOfficeName);

  const rows: DetailRow[] = [
    ['Reference', reference],
    ['Office', officeName],
    ...(data.step === 2 && data.rerouted ? ([['Re-routed from', fromOfficeName]] as DetailRow[]) : []),
    ['Assigned to', data.contactName ? oneLine(data.contactName) : 'Unassigned'],
    ['Was due', formatDateTime(data.overdueSince, 'en', data.timeZone)],
    ...(data.dueAt.getTime() !== data.overdueSince.getTime() ? ([['Now due', formatDateTime(data.dueAt, 'en', data.timeZone)]] as DetailRow[]) : []),
    ["Reporter's deadline", data.deadline ? formatDateTime(data.deadline, 'en', data.timeZone) : 'None given'],
    ['Reporter', `${oneLine(data.reporterName)} <${oneLine(data.reporterEmail)}>`],
    ['Outlet', oneLine(data.outlet)],
    ['Subject', reporterSubject],
  ];

  const subject = subjectLine(`${w.subject}: ${data.subject}`);

  const html = renderDocument(
    <Layout lang="en" title={subject} footer={staffFooter(data.organisation)}>
      <Notice tone="urgent" title="Overdue">
        {w.notice}
      </Notice>
      <Heading>{w.title}</Heading>
      <Details rows={rows} />
      <Button href={inquiryUrl}>Open the inquiry</Button>
      <LinkText href={inquiryUrl} />
      <P muted>This inquiry stops escalating as soon as it has a first response or is closed.</P>
    </Layout>,
  );

  const lines = [`*** OVERDUE: ${w.notice} ***`, '', w.title, ''];
  for (const [label, value] of rows) lines.push(`${label}: ${value}`);
  lines.push('', `Open the inquiry: ${inquiryUrl}`, '', 'This inquiry stops escalating as soon as it has a first response or is closed.');
  lines.push('', '-- ', staffFooter(data.organisation));

  return { subject, html, text: lines.join('\n') + '\n' };
}
