// A one-time sign-in link for a desk account (always English).

import { formatDateTime, oneLine, safeUrl } from './format.js';
import { Button, Heading, Layout, LinkText, P, renderDocument } from './layout.js';
import type { RenderedEmail } from './types.js';

export interface SignInLinkData {
  /** the staff member's name */
  name: string;
  /** the one-time link; opening it shows a confirm button, so a mail scanner following it signs nobody in */
  url: string;
  /** when the link stops working */
  expiresAt: Date;
  /** how long it is valid, in minutes */
  minutes: number;
  /** Who sends it, for the subject and footer: ORG_NAME, e.g. "UNICEF". */
  organisation: string;
}

export function renderSignInLink(data: SignInLinkData): RenderedEmail {
  const name = oneLine(data.name);
  const url = safeUrl(data.url);
  const expires = formatDateTime(data.expiresAt, 'en', 'UTC');
  const org = oneLine(data.organisation);
  const subject = `Your ${org} media desk sign-in link`;
  const footer = `Sent automatically by the ${org} media inquiry service because someone asked for a sign-in link for this address.`;
  const validity = `The link works once, for ${data.minutes} minutes (until ${expires}).`;
  const ignore = "If you did not ask for it, ignore this email: nobody can sign in without the link, and your password has not changed.";

  const html = renderDocument(
    <Layout lang="en" title={subject} footer={footer}>
      <Heading>{`Sign in to the ${org} media desk`}</Heading>
      <P>{`Hello ${name},`}</P>
      <P>Use the button below to sign in. {validity}</P>
      <Button href={url}>Sign in to the desk</Button>
      <LinkText href={url} />
      <P muted>{ignore}</P>
    </Layout>,
  );
  const text = [`Hello ${name},`, '', `Open this link to sign in to the ${org} media desk:`, url, '', validity, '', ignore, '', '-- ', footer].join('\n') + '\n';
  return { subject, html, text };
}
