import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { clientHash } from '../../lib/client-address.js';
import type { ApiError } from '../../lib/problem.js';
import { inboundErrors } from './inbound.errors.js';
import { requireStaff, signedInStaff, type Staff } from '../auth/index.js';
import { CsrfField, DeskPage, deskTime } from '../desk/index.js';
import { dropQuarantined, listQuarantine, rawMessage, releaseQuarantined, type QuarantinedMessage, type QuarantineOutcome } from './quarantine.usecases.js';

// The quarantine: received mail held because its sender did not match the
// inquiry's side, or failed DMARC. Nothing here reached the thread or the
// reporter. Everything shown was written by a stranger: JSX escapes it all,
// and the original is only ever a text/plain download.

export type QuarantineNotice = { done: 'dropped' } | { done: 'released'; inquiryId: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SIDE: Record<'reporter' | 'staff', string> = {
  reporter: "the reporter's reply address",
  staff: "the officers' reply address",
};

function Message(props: { m: QuarantinedMessage; staff: Staff }) {
  const { m } = props;
  const heading = `m-${m.id}-h`;
  return (
    <article class="card" id={`m-${m.id}`} aria-labelledby={heading}>
      <h2 id={heading}>{m.subject || '(no subject)'}</h2>
      <dl>
        <dt>From</dt>
        <dd>{m.fromName ? `${m.fromName} <${m.from}>` : m.from}</dd>
        <dt>Sent to</dt>
        <dd>
          {m.side ? SIDE[m.side] : 'a reply address'} <span class="muted">({m.recipient})</span>
        </dd>
        <dt>Why it is held</dt>
        <dd>{m.reason ?? 'No reason recorded'}</dd>
        <dt>Received</dt>
        <dd>
          <time datetime={m.receivedAt.toISOString()}>{deskTime(m.receivedAt, 'UTC')}</time>
        </dd>
        <dt>Inquiry</dt>
        <dd>{m.inquiry ? <a href={`/desk/inquiries/${m.inquiry.id}`}>{m.inquiry.reference}</a> : 'None matched'}</dd>
      </dl>
      <h3>What it says</h3>
      <p class="pre">{m.visibleText || '(no text)'}</p>
      <p>
        <a href={`/desk/quarantine/${m.id}/original`} download>
          View original
        </a>{' '}
        <span class="muted">(the whole message as received, as a text file)</span>
      </p>
      <form method="post" action={`/desk/quarantine/${m.id}/release`} class="inline">
        <CsrfField staff={props.staff} />
        <button type="submit" aria-label={`Release "${m.subject || '(no subject)'}" into the thread`}>
          Release into the thread
        </button>
      </form>{' '}
      <form method="post" action={`/desk/quarantine/${m.id}/drop`} class="inline">
        <CsrfField staff={props.staff} />
        <button type="submit" aria-label={`Drop "${m.subject || '(no subject)'}"`}>
          Drop
        </button>
      </form>
    </article>
  );
}

export function QuarantinePage(props: { staff: Staff; messages: QuarantinedMessage[]; notice: QuarantineNotice | null }) {
  const { staff, messages } = props;
  return (
    <DeskPage title="Quarantine" staff={staff} quarantined={messages.length}>
      <h1>Quarantine</h1>
      {props.notice?.done === 'released' ? (
        <p class="notice" role="status">
          Released: the message is in the thread now, as if its sender had been recognised.{' '}
          {props.notice.inquiryId ? <a href={`/desk/inquiries/${props.notice.inquiryId}`}>Open the inquiry</a> : null}
        </p>
      ) : null}
      {props.notice?.done === 'dropped' ? (
        <p class="notice" role="status">
          Dropped: the message stays out of the thread (kept for the audit).
        </p>
      ) : null}
      <p>
        Mail held because its sender is not who may write to that address of the inquiry, or its domain's checks (DMARC) failed. Nothing here reached
        the thread or the reporter. Release a message to put it into the thread as if its sender had been recognised; drop it to keep it out.
      </p>
      {messages.length === 0 ? <p>Nothing is held.</p> : messages.map((m) => <Message m={m} staff={staff} />)}
    </DeskPage>
  );
}

function noticeOf(c: Context<AppEnv>): QuarantineNotice | null {
  const done = c.req.query('done');
  if (done === 'dropped') return { done };
  if (done !== 'released') return null;
  const inquiry = c.req.query('inquiry');
  return { done, inquiryId: inquiry && UUID.test(inquiry) ? inquiry : null };
}

/** A refusal as a readable page: another office's or a missing message is the same 404. */
function refusal(outcome: Exclude<QuarantineOutcome, { ok: true }>): ApiError {
  if (outcome.reason === 'not_found') return inboundErrors.heldMessageNotFound.error();
  if (outcome.reason === 'no_inquiry') return inboundErrors.noThread.error();
  return inboundErrors.notHeld.error();
}

/**
 * /desk/quarantine: the held messages this staff member may judge (their
 * offices' inquiries; admins all), release and drop as plain form posts (the
 * desk's CSRF check applies), and the original as a text download.
 */
export const quarantinePages = new Hono<AppEnv>();
for (const path of ['/desk/quarantine', '/desk/quarantine/*']) quarantinePages.use(path, requireStaff);

quarantinePages.get('/desk/quarantine', async (c) => {
  const staff = signedInStaff(c);
  const messages = await listQuarantine(c.var.deps, staff);
  c.header('Cache-Control', 'no-store');
  return c.html(<QuarantinePage staff={staff} messages={messages} notice={noticeOf(c)} />);
});

for (const action of ['release', 'drop'] as const) {
  quarantinePages.post(`/desk/quarantine/:id/${action}`, async (c) => {
    const id = c.req.param('id');
    const actor = { staff: signedInStaff(c), clientHash: clientHash(c, c.var.deps.config.TRUST_PROXY) };
    const deps = { ...c.var.deps, resolver: c.var.deps.dnsResolver };
    const outcome = action === 'release' ? await releaseQuarantined(deps, actor, id) : await dropQuarantined(deps, actor, id);
    if (!outcome.ok) throw refusal(outcome);
    const query = new URLSearchParams(action === 'release' ? { done: 'released', ...(outcome.inquiryId ? { inquiry: outcome.inquiryId } : {}) } : { done: 'dropped' });
    return c.redirect(`/desk/quarantine?${query.toString()}`, 303);
  });
}

// The message exactly as received, never rendered: a text file to download.
quarantinePages.get('/desk/quarantine/:id/original', async (c) => {
  const id = c.req.param('id');
  const raw = await rawMessage(c.var.deps, { staff: signedInStaff(c), clientHash: clientHash(c, c.var.deps.config.TRUST_PROXY) }, id);
  if (!raw) throw inboundErrors.heldMessageNotFound.error('No such message.');
  return c.body(new Uint8Array(raw), 200, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Disposition': `attachment; filename="message-${id}.txt"`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
});
