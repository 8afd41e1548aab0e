import { Hono, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { Page } from '../../web/page.js';
import { REMOVED, SECRET_KIND } from './mail.send-task.js';
import { findMailboxEmail, listMailbox } from './mailbox.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Captured mail holds reporters' private status links and officers' alerts:
 * admins only. Anyone else (signed out, or an officer) gets the same 404 as a
 * page that does not exist, so the mailbox is not even advertised. Needs
 * staffSession in front (app.ts mounts it so, and only in capture mode).
 */
const adminsOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.var.deps.mailer.mode !== 'capture' || !c.var.staff?.isAdmin) return c.notFound();
  c.header('Cache-Control', 'no-store');
  await next();
};

/**
 * A sign-in email's body is never shown, even before the worker has captured
 * it (and blanked it, see mail.send-task.ts): the link would sign anyone in.
 */
const isSecret = (kind: string) => kind === SECRET_KIND;

/**
 * Captured mail, for the zero set-up demo: with no SMTP_URL every email the
 * service writes is kept here instead of delivered.
 */
export const mailboxPages = new Hono<AppEnv>()
  .use('/dev/mailbox', adminsOnly)
  .use('/dev/mailbox/*', adminsOnly)
  .get('/dev/mailbox', async (c) => {
    const emails = await listMailbox(c.var.deps.db);
    return c.html(
      <Page title="Captured mail">
        <h1>Captured mail</h1>
        <p class="muted">
          No SMTP server is configured (SMTP_URL is unset), so every email Pressdesk sends is kept here. Newest first.
          Sign-in emails are listed without their link.
        </p>
        {emails.length === 0 ? (
          <p>No email yet. Send an inquiry to POST /api/inquiries and the acknowledgement and the officers' alerts appear here.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {emails.map((e) => (
                <tr>
                  <td>{e.created_at.toISOString().replace('T', ' ').slice(0, 19)}</td>
                  <td>{e.to_address}</td>
                  <td>
                    <a href={`/dev/mailbox/${e.id}`}>{e.subject}</a>
                  </td>
                  <td>{e.kind}</td>
                  <td>{e.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Page>,
    );
  })
  .get('/dev/mailbox/:id', async (c) => {
    const id = c.req.param('id');
    const email = UUID.test(id) ? await findMailboxEmail(c.var.deps.db, id) : undefined;
    if (!email) return c.notFound();
    const secret = isSecret(email.kind);
    return c.html(
      <Page title={email.subject}>
        <p>
          <a href="/dev/mailbox">← All captured mail</a>
        </p>
        <h1>{email.subject}</h1>
        <div class="card">
          <dl>
            <dt>From</dt>
            <dd>{`${email.from_name} <${email.from_address}>`}</dd>
            <dt>To</dt>
            <dd>{email.to_address}</dd>
            {email.reply_to ? (
              <>
                <dt>Reply-To</dt>
                <dd>{email.reply_to}</dd>
              </>
            ) : null}
            <dt>Message-ID</dt>
            <dd>{email.message_id}</dd>
            <dt>Status</dt>
            <dd>{email.status}{email.last_error ? ` (${email.last_error})` : ''}</dd>
          </dl>
        </div>
        {secret ? (
          <p class="card">{REMOVED} It is never shown here; sign in with a password instead.</p>
        ) : email.html === null ? (
          <p class="card">Not rendered yet: the worker writes this email's text when it sends it.</p>
        ) : (
          <>
            <h2>HTML</h2>
            <iframe title="HTML part" sandbox="" src={`/dev/mailbox/${email.id}/html`}></iframe>
            <h2>Plain text</h2>
            <div class="card pre">{email.text}</div>
            {email.raw ? (
              <details>
                <summary>Raw message</summary>
                <div class="card pre">{email.raw}</div>
              </details>
            ) : null}
          </>
        )}
      </Page>,
    );
  })
  .get('/dev/mailbox/:id/html', async (c) => {
    const id = c.req.param('id');
    const email = UUID.test(id) ? await findMailboxEmail(c.var.deps.db, id) : undefined;
    if (!email || isSecret(email.kind) || email.html === null) return c.notFound();
    // The email's own HTML, sandboxed: inline styles only, no scripts, no requests; framed only by the mailbox.
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox");
    return c.html(email.html);
  });
