import { formatBytes } from '../attachments/index.js';
import { deskTime, describeEvent } from './inquiry.format.js';
import { isUuid, type ThreadEvent, type ThreadItem } from './inquiry.repository.js';

// The inquiry's thread as the desk shows it. Everything in an event's data
// that a person wrote (a reporter's emailed reply, a note, a file name, a
// quarantine reason quoting a header) is text: JSX escapes it.

const str = (v: unknown) => (typeof v === 'string' ? v : '');

interface AttachmentRef {
  id: string;
  filename: string;
  size: number;
  contentType: string;
}

function attachmentsOf(data: Record<string, unknown>): AttachmentRef[] {
  if (!Array.isArray(data.attachments)) return [];
  return data.attachments.flatMap((a: unknown) => {
    const r = (a ?? {}) as Record<string, unknown>;
    return typeof r.id === 'string' && isUuid(r.id) ? [{ id: r.id, filename: str(r.filename) || 'attachment', size: Number(r.size) || 0, contentType: str(r.contentType) }] : [];
  });
}

/** Files an event brought or sent (the form, an emailed reply, a desk reply), as download links. */
function Attachments(props: { data: Record<string, unknown> }) {
  const files = attachmentsOf(props.data);
  if (files.length === 0) return null;
  return (
    <ul class="attachments" aria-label="Attachments">
      {files.map((f) => (
        <li>
          <a href={`/desk/attachments/${f.id}`} download={f.filename}>
            {f.filename}
          </a>{' '}
          <span class="muted">({[formatBytes(f.size), f.contentType].filter(Boolean).join(', ')})</span>
        </li>
      ))}
    </ul>
  );
}

/** What came in by email carries its whole text one click away (quoted history, signature). */
function FullText(props: { e: ThreadEvent }) {
  if (props.e.fullText === undefined) return null;
  return (
    <details class="full-text">
      <summary>Show the whole email (quoted history and signature)</summary>
      <p class="pre">{props.e.fullText}</p>
    </details>
  );
}

/** The part of an event below its one-line summary: words and links (files come after, for any event that brought or sent some). */
function EventBody(props: { e: ThreadEvent }) {
  const { e } = props;
  const d = e.data;
  switch (e.kind) {
    case 'follow_up':
      // From the status page the words are in the summary line; by email they get their own block.
      return d.source === 'email' ? (
        <>
          <p class="pre reporter-reply">{str(d.message)}</p>
          <FullText e={e} />
        </>
      ) : null;
    case 'note':
      return (
        <>
          <p class="pre note">{str(d.text)}</p>
          <FullText e={e} />
        </>
      );
    case 'replied':
      return <FullText e={e} />;
    case 'email_quarantined':
      return (
        <p>
          <a href="/desk/quarantine">Review it in the quarantine</a> (release it into the thread, or drop it).
        </p>
      );
    case 'followed_up_by':
      return typeof d.inquiryId === 'string' && isUuid(d.inquiryId) ? (
        <p>
          <a href={`/desk/inquiries/${d.inquiryId}`}>Open {str(d.reference) || 'the new inquiry'}</a>
        </p>
      ) : null;
    default:
      return null;
  }
}

export function Thread(props: { items: ThreadItem[]; timeZone: string }) {
  if (props.items.length === 0) return <p>Nothing yet.</p>;
  return (
    <ol class="thread">
      {props.items.map((item) =>
        item.type === 'event' ? (
          <li class={`event event-${item.kind}${item.data.source === 'email' ? ' by-email' : ''}`}>
            <p>
              <time datetime={item.at.toISOString()}>{deskTime(item.at, props.timeZone)}</time>
              {' · '}
              <strong>{item.actor ?? 'Someone'}</strong> {describeEvent(item)}
            </p>
            <EventBody e={item} />
            <Attachments data={item.data} />
          </li>
        ) : (
          <li class={`email email-${item.direction}`}>
            <p>
              <time datetime={item.at.toISOString()}>{deskTime(item.at, props.timeZone)}</time>
              {' · '}
              {item.direction === 'in' ? (
                <>
                  Email from <strong>{item.fromAddress}</strong>
                </>
              ) : (
                <>
                  Email from <strong>{item.fromName}</strong> to {item.to} ({item.kind.replaceAll('_', ' ')}, {item.status}
                  {item.lastError ? `: ${item.lastError}` : ''})
                </>
              )}
            </p>
            <details>
              <summary>{item.subject}</summary>
              <p class="pre">{item.text ?? (item.status === 'queued' ? 'The text is written when the email is sent.' : 'No text: the email could not be written.')}</p>
            </details>
          </li>
        ),
      )}
    </ol>
  );
}
