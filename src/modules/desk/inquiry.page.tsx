import type { Child } from 'hono/jsx';
import type { InquiryStatus } from '../../db/schema.js';
import { formatBytes, type AttachmentLimits } from '../attachments/index.js';
import type { Staff } from '../auth/index.js';
import { leadsOffice, mayClaim } from './access.js';
import { CsrfField, DeskPage } from './desk.layout.js';
import { deskTime, describeChange, STATUS_LABEL, timeLeft } from './inquiry.format.js';
import type { DeskInquiry, Presence, ThreadEvent, ThreadItem } from './inquiry.repository.js';
import { Thread } from './inquiry.thread.js';
import type { ReporterAddress } from './reporter-addresses.repository.js';

export type ActionName = 'claim' | 'assign' | 'transfer' | 'reply' | 'note' | 'status' | 'add-address' | 'remove-address';

/** A form that comes back filled: after a validation error, or a collision (then with what changed). */
export interface FormState {
  action: ActionName;
  values: Record<string, string>;
  error?: string;
  changes?: ThreadEvent[];
}

export interface InquiryPageProps {
  staff: Staff;
  inquiry: DeskInquiry;
  thread: ThreadItem[];
  presence: Presence[];
  /** Who else may write on the reporter's side by email. */
  reporterAddresses: ReporterAddress[];
  /** Colleagues it can be assigned to; only for leads. */
  members: { id: string; name: string }[];
  offices: { code: string; name: string }[];
  canned: { id: string; title: string }[];
  compose: boolean;
  cannedBody: string | null;
  form: FormState | null;
  now: Date;
  /** For the reply form's file field. */
  limits: AttachmentLimits;
}

const STATUSES: InquiryStatus[] = ['new', 'open', 'reporter_replied', 'waiting', 'answered', 'closed'];

function ActionForm(props: { p: InquiryPageProps; action: ActionName; label: string; multipart?: boolean; children?: Child }) {
  const { p, action } = props;
  const mine = p.form?.action === action ? p.form : null;
  return (
    <form
      method="post"
      action={`/desk/inquiries/${p.inquiry.id}/${action}`}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      class="action"
      aria-describedby={mine?.error ? `${action}-error` : undefined}
    >
      <CsrfField staff={p.staff} />
      <input type="hidden" name="version" value={String(p.inquiry.version)} />
      {mine?.error ? (
        <p class="error" id={`${action}-error`} role="alert">
          {mine.error}
        </p>
      ) : null}
      {props.children}
      <button type="submit">{mine?.changes ? `${props.label} anyway` : props.label}</button>
    </form>
  );
}

/** The addresses that may write on the reporter's side besides the reporter, each with its remove button, and the form to add one. */
function ReporterAddresses(props: { p: InquiryPageProps }) {
  const { p } = props;
  const removing = p.form?.action === 'remove-address' ? p.form : null;
  return (
    <>
      <h3 id="addresses-h">Who else may write by email</h3>
      <p class="muted">Mail from these addresses to the inquiry's reply address goes into the thread like the reporter's; mail from anyone else is held in the quarantine.</p>
      {removing?.error ? (
        <p class="error" role="alert">
          {removing.error}
        </p>
      ) : null}
      {p.reporterAddresses.length ? (
        <ul aria-labelledby="addresses-h">
          {p.reporterAddresses.map((a) => (
            <li>
              {a.address} <span class="muted">(added by {a.added_by_name ?? 'a former colleague'})</span>{' '}
              <form method="post" action={`/desk/inquiries/${p.inquiry.id}/remove-address`} class="inline">
                <CsrfField staff={p.staff} />
                <input type="hidden" name="version" value={String(p.inquiry.version)} />
                <input type="hidden" name="address" value={a.address} />
                <button type="submit" aria-label={`Remove ${a.address}`}>
                  Remove
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p>Only the reporter ({p.inquiry.email}).</p>
      )}
      <ActionForm p={p} action="add-address" label="Allow this address">
        <label for="add-address-address">Another address (an editor, a colleague of the reporter)</label>
        <input
          id="add-address-address"
          name="address"
          type="email"
          required
          maxlength={254}
          autocomplete="off"
          value={p.form?.action === 'add-address' ? (p.form.values.address ?? '') : ''}
        />
      </ActionForm>
    </>
  );
}

export function InquiryPage(p: InquiryPageProps) {
  const { inquiry: q, staff, form } = p;
  const tz = q.office_time_zone;
  const left = timeLeft(q.due_at, p.now);
  const drafting = p.presence.filter((x) => x.kind === 'drafting');
  const viewing = p.presence.filter((x) => x.kind === 'viewing' && !drafting.some((d) => d.name === x.name));
  const lead = leadsOffice(staff, q.office_id);
  const canClaim = mayClaim(staff, q);
  const replyForm = p.compose || form?.action === 'reply';
  const value = (action: ActionName, name: string, fallback = '') => (form?.action === action ? (form.values[name] ?? fallback) : fallback);

  return (
    <DeskPage title={`${q.reference}: ${q.subject}`} staff={staff}>
      <h1>
        {q.reference}: {q.subject}
      </h1>
      <p class="flags">
        <span class="flag">Status: {STATUS_LABEL[q.status]}</span>
        {q.priority === 'urgent' ? <span class="flag urgent">Urgent</span> : null}
        {q.involves_children ? <span class="flag children">Involves children: check the guidelines and record consent</span> : null}
      </p>

      {q.reporter_bouncing_at ? (
        <div class="warning" role="alert">
          <p>
            <strong>Reporter's address is bouncing: {q.reporter_bounce_reason ?? 'no reason given'}</strong>
          </p>
          <p>
            Mail to {q.email} came back on {deskTime(q.reporter_bouncing_at, tz)}. Replies will not reach them by email: call them
            {q.phone ? ` (${q.phone})` : ''} or wait until they write again.
          </p>
        </div>
      ) : null}
      {q.follows_inquiry_id ? (
        <p class="muted">
          The reporter answered an inquiry closed some time ago, so this one was started:{' '}
          <a href={`/desk/inquiries/${q.follows_inquiry_id}`}>open the earlier inquiry</a>.
        </p>
      ) : null}

      {form?.changes ? (
        <div class="warning" role="alert">
          <h2>Someone else changed this inquiry</h2>
          <ul>
            {form.changes.length ? form.changes.map((c) => <li>{describeChange(c, tz)}</li>) : <li>The inquiry changed since you opened this page.</li>}
          </ul>
          <p>Nothing was done. Your text is kept below: read the thread, then send it anyway or change it.</p>
        </div>
      ) : null}
      {drafting.map((d) => (
        <p class="warning" role="status">
          {d.name} is writing a reply (opened the reply form at {deskTime(d.at, tz)}).
        </p>
      ))}
      {viewing.length ? <p class="muted">Also looking at this inquiry: {viewing.map((v) => v.name).join(', ')}.</p> : null}

      <section aria-labelledby="reporter-h" class="card">
        <h2 id="reporter-h">Reporter</h2>
        <dl>
          <dt>Name</dt>
          <dd>{q.name}</dd>
          <dt>Email</dt>
          <dd>
            {q.email}
            {q.reporter_bouncing_at ? <strong class="urgent"> (bouncing)</strong> : null}
          </dd>
          <dt>Phone</dt>
          <dd>{q.phone ?? 'Not given'}</dd>
          <dt>Outlet</dt>
          <dd>{q.outlet_type ? `${q.outlet} (${q.outlet_type})` : q.outlet}</dd>
          <dt>Country</dt>
          <dd>{q.country}</dd>
          <dt>Language</dt>
          <dd>{q.language}</dd>
          <dt>Topic</dt>
          <dd>{q.topic ?? 'None'}</dd>
          <dt>Their deadline</dt>
          <dd>{q.deadline ? deskTime(q.deadline, tz) : 'None given'}</dd>
        </dl>
        <ReporterAddresses p={p} />
      </section>

      <section aria-labelledby="routing-h" class="card">
        <h2 id="routing-h">Routing and due time</h2>
        <dl>
          <dt>Office</dt>
          <dd>{q.office_name}</dd>
          <dt>Assigned to</dt>
          <dd>{q.contact_name ?? 'Nobody yet'}</dd>
          <dt>Priority</dt>
          <dd>{q.priority === 'urgent' ? 'Urgent' : 'Normal'}</dd>
          <dt>Due</dt>
          <dd>
            {deskTime(q.due_at, tz)} <span class={left.overdue ? 'urgent' : ''}>({left.text})</span>
          </dd>
          <dt>First response</dt>
          <dd>{q.first_response_at ? deskTime(q.first_response_at, tz) : 'Not yet'}</dd>
        </dl>
        <h3>Why it came here</h3>
        <ul>
          {q.routing.reasons.map((r) => (
            <li>{r}</li>
          ))}
        </ul>
        <p class="muted">Decided {deskTime(new Date(q.routing.decidedAt), tz)}.</p>
      </section>

      <section aria-labelledby="thread-h">
        <h2 id="thread-h">Thread</h2>
        <section aria-labelledby="message-h" class="card">
          <h3 id="message-h">The inquiry</h3>
          <p class="pre">{q.message}</p>
        </section>
        <Thread items={p.thread} timeZone={tz} />
      </section>

      <section aria-labelledby="reply-h" class="card" id="reply">
        <h2 id="reply-h">Reply to the reporter</h2>
        {p.canned.length ? (
          <nav aria-label="Canned answers">
            <p>Start from a canned answer:</p>
            <ul>
              {p.canned.map((c) => (
                <li>
                  <a href={`/desk/inquiries/${q.id}?compose=1&canned=${c.id}#reply`}>{c.title}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {replyForm ? (
          <ActionForm p={p} action="reply" label="Send reply" multipart>
            <label for="reply-text">Your reply (sent by email from the service, with your name and signature)</label>
            <textarea id="reply-text" name="text" rows={12} required>
              {value('reply', 'text', p.cannedBody ?? '')}
            </textarea>
            <label for="reply-status">Then set the status to</label>
            <select id="reply-status" name="status">
              {(['answered', 'waiting', 'open', 'closed'] as const).map((s) => (
                <option value={s} selected={value('reply', 'status', 'answered') === s}>
                  {STATUS_LABEL[s]}
                </option>
              ))}
            </select>
            <label for="reply-files">Attach files (optional)</label>
            <input id="reply-files" type="file" name="files" multiple aria-describedby="reply-files-hint" />
            <p class="muted" id="reply-files-hint">
              Up to {p.limits.maxFilesPerMessage} files, {formatBytes(p.limits.maxFileBytes)} each and {formatBytes(p.limits.maxBytesPerMessage)} together; sent
              to the reporter as email attachments. If a limit is exceeded nothing is sent and you choose the files again.
            </p>
          </ActionForm>
        ) : (
          <form method="post" action={`/desk/inquiries/${q.id}/drafting`}>
            <CsrfField staff={p.staff} />
            <button type="submit">Write a reply</button>
          </form>
        )}
      </section>

      <section aria-labelledby="actions-h" class="card">
        <h2 id="actions-h">Actions</h2>
        {canClaim ? <ActionForm p={p} action="claim" label="Claim: assign to me" /> : null}
        {lead && p.members.length ? (
          <ActionForm p={p} action="assign" label="Assign">
            <label for="assign-contact">Assign to a colleague</label>
            <select id="assign-contact" name="contactId">
              {p.members.map((m) => (
                <option value={m.id} selected={value('assign', 'contactId', q.contact_id ?? '') === m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </ActionForm>
        ) : null}
        <ActionForm p={p} action="transfer" label="Transfer">
          <label for="transfer-office">Transfer to another office</label>
          <select id="transfer-office" name="office">
            {p.offices
              .filter((o) => o.code !== q.office_code)
              .map((o) => (
                <option value={o.code} selected={value('transfer', 'office') === o.code}>
                  {o.name}
                </option>
              ))}
          </select>
          <label for="transfer-reason">Reason (the other office sees it)</label>
          <input id="transfer-reason" name="reason" required maxlength={500} value={value('transfer', 'reason')} />
        </ActionForm>
        <ActionForm p={p} action="status" label="Change status">
          <label for="status-status">Status</label>
          <select id="status-status" name="status">
            {STATUSES.map((s) => (
              <option value={s} selected={value('status', 'status', q.status) === s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </ActionForm>
        <ActionForm p={p} action="note" label="Add note">
          <label for="note-text">Internal note (staff only, never sent to the reporter)</label>
          <textarea id="note-text" name="text" rows={4} required>
            {value('note', 'text')}
          </textarea>
        </ActionForm>
      </section>
    </DeskPage>
  );
}
