import { CsrfField, DeskPage, deskTime } from '../desk/index.js';
import type { Staff } from '../auth/index.js';

// The quarantine: received mail held because its sender did not match the
// inquiry's side, or failed DMARC. Nothing here reached the thread or the
// reporter. Everything shown was written by a stranger: JSX escapes it all,
// and the original is only ever a text/plain download.

/** One held message as the page shows it. */
export interface QuarantinedMessage {
  id: string;
  receivedAt: Date;
  fromAddress: string;
  fromName: string | null;
  recipient: string;
  side: 'reporter' | 'staff' | null;
  subject: string;
  reason: string | null;
  visibleText: string;
  inquiry: { id: string; reference: string; timeZone: string } | null;
}

export type QuarantineNotice = 'released' | 'dropped';

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
        <dd>{m.fromName ? `${m.fromName} <${m.fromAddress}>` : m.fromAddress}</dd>
        <dt>Sent to</dt>
        <dd>
          {m.side ? SIDE[m.side] : 'a reply address'} <span class="muted">({m.recipient})</span>
        </dd>
        <dt>Why it is held</dt>
        <dd>{m.reason ?? 'No reason recorded'}</dd>
        <dt>Received</dt>
        <dd>
          <time datetime={m.receivedAt.toISOString()}>{deskTime(m.receivedAt, m.inquiry?.timeZone ?? 'UTC')}</time>
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
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice === 'released' ? 'Released: the message is in the thread now, as if its sender had been recognised.' : 'Dropped: the message stays out of the thread.'}
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
