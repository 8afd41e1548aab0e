import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { requireStaff, signedInStaff } from '../auth/index.js';
import { DeskPage } from '../desk/index.js';
import { shareCounts } from './share.repository.js';

/** How often each release was emailed through "Email this article", for any signed-in staff member. */
export const sharesDeskPage = new Hono<AppEnv>().get('/desk/shares', requireStaff, async (c) => {
  const staff = signedInStaff(c);
  const rows = await shareCounts(c.var.deps.db, c.var.deps.clock.now());
  c.header('Cache-Control', 'no-store');
  return c.html(
    <DeskPage title="Shared articles" staff={staff}>
      <h1>Shared articles</h1>
      <p class="muted">
        Shares through the "Email this article" form and API. A share is one request (up to five recipients); messages are the emails
        queued for it (recipients who unsubscribed are not mailed).
      </p>
      {rows.length === 0 ? (
        <p>No article has been shared yet.</p>
      ) : (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Article</th>
                <th scope="col">Shares, last 7 days</th>
                <th scope="col">Shares, total</th>
                <th scope="col">Messages, last 7 days</th>
                <th scope="col">Messages, total</th>
                <th scope="col">Last shared (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr data-slug={r.slug}>
                  <th scope="row">
                    <a href={`/news/${encodeURIComponent(r.slug)}`}>{r.title}</a>
                  </th>
                  <td>{r.shares_7d}</td>
                  <td>{r.shares_total}</td>
                  <td>{r.messages_7d}</td>
                  <td>{r.messages_total}</td>
                  <td>{new Date(r.last_shared_at).toISOString().slice(0, 16).replace('T', ' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </DeskPage>,
  );
});
