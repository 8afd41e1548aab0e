import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { Page } from '../../lib/page.js';
import { findInquiryByStatusToken } from './inquiries.repository.js';

const STATUS_LABEL: Record<string, string> = {
  new: 'Received',
  open: 'Being worked on',
  waiting: 'Waiting for your reply',
  answered: 'Answered',
  closed: 'Closed',
};

function when(d: Date, timeZone: string): string {
  // dateStyle/timeStyle cannot be combined with timeZoneName (a RangeError/TypeError), so spell the parts out.
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(d);
}

/**
 * The reporter's private page. The token is the only key; an unknown token is
 * a plain 404 and the page never shows anything internal (notes, assignee's
 * address, routing reasons).
 */
export const statusPage = new Hono<AppEnv>().get('/inquiries/status/:token', async (c) => {
  const token = c.req.param('token');
  const inquiry = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await findInquiryByStatusToken(c.var.deps.db, token) : undefined;
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  if (!inquiry) {
    return c.html(
      <Page title="Inquiry not found">
        <h1>Inquiry not found</h1>
        <p>This link does not match any inquiry. Check that you copied the whole link from your acknowledgement email.</p>
      </Page>,
      404,
    );
  }
  const tz = inquiry.office_time_zone;
  return c.html(
    <Page title={`Inquiry ${inquiry.reference}`}>
      <h1>Inquiry {inquiry.reference}</h1>
      <div class="card">
        <dl>
          <dt>Status</dt>
          <dd>{STATUS_LABEL[inquiry.status] ?? inquiry.status}</dd>
          <dt>Office</dt>
          <dd>{inquiry.office_name}</dd>
          <dt>Who will answer</dt>
          <dd>{inquiry.contact_name ? `${inquiry.contact_name}, ${inquiry.contact_title}` : 'A press officer'}</dd>
          <dt>Received</dt>
          <dd>{when(inquiry.created_at, tz)}</dd>
          <dt>We aim to answer by</dt>
          <dd>{when(inquiry.due_at, tz)}</dd>
          {inquiry.deadline ? (
            <>
              <dt>Your deadline</dt>
              <dd>{when(inquiry.deadline, tz)}</dd>
            </>
          ) : null}
        </dl>
      </div>
      <div class="card">
        <h2>{inquiry.subject}</h2>
        <p class="pre">{inquiry.message}</p>
      </div>
      <p class="muted">Keep this link private: anyone who has it can see this inquiry.</p>
    </Page>,
  );
});
