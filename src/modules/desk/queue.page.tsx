import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import type { Staff } from '../auth/index.js';
import { requireStaff, signedInStaff } from '../auth/index.js';
import { DeskPage } from './desk.layout.js';
import { STATUS_LABEL } from './inquiry.format.js';
import { describeTimeLeft, formatDue } from './queue.format.js';
import { encodeCursor, LANGUAGES_SHOWN, OPEN_STATUSES, parsePageQuery, type QueueParams, type QueueView, STATUSES } from './queue.params.js';
import type { QueueResult, QueueRow } from './queue.repository.js';
import { queuePageOf } from './queue.usecases.js';

const VIEW_LABELS: Record<QueueView, string> = { mine: 'Assigned to me', unassigned: 'Unassigned', offices: 'All of my offices' };

/** The queue's address with the current filters, changed by `change` (a new view or filter starts at page one). */
function queueUrl(p: QueueParams, change: Partial<Record<'view' | 'status' | 'after', string | undefined>> = {}): string {
  const fields: Record<string, string | undefined> = {
    view: p.view,
    status: p.status,
    office: p.office,
    topic: p.topic,
    country: p.country,
    language: p.language,
    q: p.q,
    ...change,
  };
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v) query.set(k, v);
  const s = query.toString();
  return s ? `/desk?${s}` : '/desk';
}

function Filters(props: { p: QueueParams; offices: { code: string; name: string }[]; topics: { code: string; name: string }[] }) {
  const { p } = props;
  return (
    <form method="get" action="/desk" role="search" aria-label="Search and filter the queue" class="card">
      <input type="hidden" name="view" value={p.view} />
      <div class="fields">
        <div>
          <label for="q">Search</label>
          <input id="q" name="q" type="search" value={p.q ?? ''} maxlength={200} />
        </div>
        <div>
          <label for="status">Status</label>
          <select id="status" name="status">
            <option value="">Any but closed</option>
            {STATUSES.map((s) => (
              <option value={s} selected={p.status === s}>{STATUS_LABEL[s]}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="office">Office</label>
          <select id="office" name="office">
            <option value="">All</option>
            {props.offices.map((o) => (
              <option value={o.code} selected={p.office === o.code}>{o.name}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="topic">Topic</label>
          <select id="topic" name="topic">
            <option value="">Any</option>
            {props.topics.map((t) => (
              <option value={t.code} selected={p.topic === t.code}>{t.name}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="country">Country (two-letter code)</label>
          <input id="country" name="country" value={p.country ?? ''} maxlength={2} autocomplete="off" />
        </div>
        <div>
          <label for="language">Language</label>
          <select id="language" name="language">
            <option value="">Any</option>
            {Object.entries(LANGUAGES_SHOWN).map(([code, name]) => (
              <option value={code} selected={p.language === code}>{name}</option>
            ))}
          </select>
        </div>
      </div>
      <p>
        <button type="submit">Apply</button> <a href={queueUrl({ view: p.view })}>Clear filters</a>
      </p>
    </form>
  );
}

function Row(props: { r: QueueRow; now: Date }) {
  const { r, now } = props;
  const working = r.status !== 'answered' && r.status !== 'closed';
  const overdue = working && r.dueAt.getTime() < now.getTime();
  return (
    <tr>
      <th scope="row">
        <a href={`/desk/inquiries/${r.id}`}>{r.reference}</a>
      </th>
      <td>
        {r.subject}
        {r.reporterBouncing ? (
          <>
            <br />
            <strong class="urgent">Reporter's address is bouncing</strong>
          </>
        ) : null}
      </td>
      <td>{r.outlet}</td>
      <td>{r.country}</td>
      <td>{r.office.name}</td>
      <td>{r.assignee ? r.assignee.name : <span class="muted">nobody</span>}</td>
      <td>{STATUS_LABEL[r.status]}</td>
      <td>{r.priority === 'urgent' ? <strong class="urgent">Urgent</strong> : 'Normal'}</td>
      <td>
        <time datetime={r.dueAt.toISOString()}>{formatDue(r.dueAt, r.office.timeZone)}</time>
        {working ? (
          <>
            <br />
            <span class={overdue ? 'urgent' : 'muted'}>{describeTimeLeft(r.dueAt, now)}</span>
          </>
        ) : null}
      </td>
    </tr>
  );
}

function QueueBody(props: { staff: Staff; p: QueueParams; result: QueueResult; now: Date; offices: { code: string; name: string }[]; topics: { code: string; name: string }[] }) {
  const { p, result, staff } = props;
  const views: QueueView[] = ['mine', 'unassigned', 'offices'];
  return (
    <>
      <h1>Queue</h1>
      <nav aria-label="Queue views">
        <ul class="tabs">
          {views.map((v) => (
            <li>
              <a href={queueUrl(p, { view: v, status: p.status })} aria-current={p.view === v ? 'page' : undefined}>
                {v === 'offices' && staff.isAdmin ? 'All offices' : VIEW_LABELS[v]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Filters p={p} offices={props.offices} topics={props.topics} />
      <h2 id="counts">Open inquiries by status</h2>
      <ul class="tabs">
        {OPEN_STATUSES.map((s) => (
          <li>
            <a href={queueUrl(p, { status: s })} aria-current={p.status === s ? 'true' : undefined}>
              {`${STATUS_LABEL[s]}: ${result.counts[s]}`}
            </a>
          </li>
        ))}
      </ul>
      {result.rows.length === 0 ? (
        <p>{p.after ? 'No more inquiries.' : 'No inquiries match.'}</p>
      ) : (
        <div class="scroll">
          <table>
            <caption>{`${staff.isAdmin && p.view === 'offices' ? 'All offices' : VIEW_LABELS[p.view]}: urgent first, then by due time`}</caption>
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">Subject</th>
                <th scope="col">Outlet</th>
                <th scope="col">Country</th>
                <th scope="col">Office</th>
                <th scope="col">Assignee</th>
                <th scope="col">Status</th>
                <th scope="col">Priority</th>
                <th scope="col">Due (office time)</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => (
                <Row r={r} now={props.now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {p.after || result.next ? (
        <nav aria-label="Pages">
          <ul class="tabs">
            {p.after ? (
              <li>
                <a href={queueUrl(p)}>First page</a>
              </li>
            ) : null}
            {result.next ? (
              <li>
                <a href={queueUrl(p, { after: encodeCursor(result.next) })} rel="next">
                  Next page
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </>
  );
}

/** GET /desk: the queue, server-rendered; the filters are a plain GET form. */
export const queuePage = new Hono<AppEnv>().get('/desk', requireStaff, async (c) => {
  const staff = signedInStaff(c);
  const { db, clock } = c.var.deps;
  const p = parsePageQuery(c.req.queries());
  const { result, offices: officeList, topics: topicList, quarantined } = await queuePageOf(db, staff, p);
  // A filter typed into the address bar still shows as chosen in the form.
  const offices = p.office && !officeList.some((o) => o.code === p.office) ? [...officeList, { code: p.office, name: p.office }] : officeList;
  const topics = p.topic && !topicList.some((o) => o.code === p.topic) ? [...topicList, { code: p.topic, name: p.topic }] : topicList;
  c.header('Cache-Control', 'no-store');
  return c.html(
    <DeskPage title="Queue" staff={staff} quarantined={quarantined}>
      <QueueBody staff={staff} p={p} result={result} now={clock.now()} offices={offices} topics={topics} />
    </DeskPage>,
  );
});
