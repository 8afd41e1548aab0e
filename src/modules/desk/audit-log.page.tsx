import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { auditLogPage } from '../audit/index.js';
import { requireStaff, signedInStaff } from '../auth/index.js';
import { DeskPage } from './desk.layout.js';
import { deskErrors } from './desk.errors.js';

const ACTION_RE = /^[a-z][a-z_]*(?:\.[a-z_]+)*$/;
const ID_RE = /^[1-9][0-9]{0,17}$/;

/**
 * The audit log for admins: newest first, keyset pagination on the primary
 * key (`?before=<id>`), filter by action. Anyone else gets the same 404 as a
 * page that does not exist.
 */
export const auditPages = new Hono<AppEnv>().get('/desk/admin/audit', requireStaff, async (c) => {
  const staff = signedInStaff(c);
  if (!staff.isAdmin) return c.notFound();
  const action = c.req.query('action')?.trim() || undefined;
  const before = c.req.query('before') || undefined;
  if (action !== undefined && (action.length > 64 || !ACTION_RE.test(action))) throw deskErrors.badAuditFilter.error('The action filter is a dotted name such as auth.sign_in.');
  if (before !== undefined && !ID_RE.test(before)) throw deskErrors.badAuditFilter.error('before is an entry number.');

  const { entries: page, olderBefore: older } = await auditLogPage(c.var.deps.db, { action, before });
  const olderHref = older ? `/desk/admin/audit?${new URLSearchParams({ ...(action ? { action } : {}), before: String(older) })}` : null;

  c.header('Cache-Control', 'no-store');
  return c.html(
    <DeskPage title="Audit log" staff={staff}>
      <h1>Audit log</h1>
      <form method="get" action="/desk/admin/audit" role="search">
        <label for="audit-action">Action</label>
        <input id="audit-action" name="action" value={action ?? ''} placeholder="auth.sign_in_failed" />
        <button type="submit">Filter</button>
      </form>
      {page.length === 0 ? (
        <p>No entries{action ? ` for ${action}` : ''}.</p>
      ) : (
        <table>
          <caption class="muted">{`Newest first${action ? `, action ${action}` : ''}.`}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When (UTC)</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Details</th>
              <th scope="col">Client</th>
            </tr>
          </thead>
          <tbody>
            {page.map((r) => (
              <tr>
                <td>{String(r.id)}</td>
                <td>{r.at.toISOString().replace('T', ' ').slice(0, 19)}</td>
                <td>{r.actor_name ? `${r.actor_name} <${r.actor_email}>` : '—'}</td>
                <td>{r.action}</td>
                <td>{r.target_type ? `${r.target_type} ${r.target_id ?? ''}` : '—'}</td>
                <td class="pre">{JSON.stringify(r.detail)}</td>
                <td>{r.client_hash ? r.client_hash.slice(0, 8) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {olderHref ? (
        <p>
          <a href={olderHref}>Older entries</a>
        </p>
      ) : null}
    </DeskPage>,
  );
});
