// The hourly digest for officers who chose it over one email per event (always English).

import { formatDateTime, oneLine, safeUrl, staffFooter } from './format.js';
import { Heading, Layout, P, renderDocument } from './layout.js';
import type { DigestData, RenderedEmail } from './types.js';


const KIND_LABEL: Record<string, string> = {
  new_inquiry: 'New inquiry',
  assigned: 'Assigned to you',
  transferred: 'Transferred to your office',
  follow_up: 'The reporter wrote again',
};

export function renderDigest(data: DigestData): RenderedEmail {
  const n = data.items.length;
  const subject = `${oneLine(data.organisation)} media desk digest: ${n} ${n === 1 ? 'update' : 'updates'}`;
  const footer = staffFooter(data.organisation);
  const items = data.items.map((i) => ({
    label: `${i.priority === 'urgent' ? '[URGENT] ' : ''}${KIND_LABEL[i.kind] ?? i.kind}: ${oneLine(i.reference)} — ${oneLine(i.subject)}`,
    when: formatDateTime(i.at, 'en', data.timeZone),
    url: safeUrl(i.inquiryUrl),
  }));

  const html = renderDocument(
    <Layout lang="en" title={subject} footer={footer}>
      <Heading>{subject}</Heading>
      <P>{`Hello ${oneLine(data.recipientName)}, here is what happened since your last digest.`}</P>
      <ul style="margin:0 0 16px;padding-left:20px;">
        {items.map((i) => (
          <li style="margin:0 0 10px;">
            <a href={i.url}>{i.label}</a>
            <br />
            <span style="font-size:13px;color:#616e7c;">{i.when}</span>
          </li>
        ))}
      </ul>
    </Layout>,
  );

  const lines = [subject, '', `Hello ${oneLine(data.recipientName)}, here is what happened since your last digest.`, ''];
  for (const i of items) lines.push(`- ${i.label}`, `  ${i.when}`, `  ${i.url}`);
  lines.push('', '-- ', footer);
  return { subject, html, text: lines.join('\n') + '\n' };
}
