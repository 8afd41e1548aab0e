import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { Page } from '../../lib/page.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Captured mail, for the zero set-up demo: with no SMTP_URL every email the
 * service writes is kept here instead of delivered. Present only in capture
 * mode; with a real SMTP server it answers 404.
 */
export const mailboxPages = new Hono<AppEnv>()
  .use('/dev/mailbox/*', async (c, next) => {
    if (c.var.deps.mailer.mode !== 'capture') return c.notFound();
    c.header('Cache-Control', 'no-store');
    await next();
  })
  .use('/dev/mailbox', async (c, next) => {
    if (c.var.deps.mailer.mode !== 'capture') return c.notFound();
    c.header('Cache-Control', 'no-store');
    await next();
  })
  .get('/dev/mailbox', async (c) => {
    const emails = await c.var.deps.db
      .selectFrom('emails')
      .select(['id', 'kind', 'to_address', 'subject', 'status', 'created_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(200)
      .execute();
    return c.html(
      <Page title="Captured mail">
        <h1>Captured mail</h1>
        <p class="muted">
          No SMTP server is configured (SMTP_URL is unset), so every email Pressdesk sends is kept here. Newest first.
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
    const email = UUID.test(id)
      ? await c.var.deps.db.selectFrom('emails').selectAll().where('id', '=', id).executeTakeFirst()
      : undefined;
    if (!email) return c.html(<Page title="Not found"><h1>No such email</h1></Page>, 404);
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
      </Page>,
    );
  })
  .get('/dev/mailbox/:id/html', async (c) => {
    const id = c.req.param('id');
    const email = UUID.test(id)
      ? await c.var.deps.db.selectFrom('emails').select('html').where('id', '=', id).executeTakeFirst()
      : undefined;
    if (!email) return c.text('Not found', 404);
    // The email's own HTML, sandboxed: inline styles only, no scripts, no requests.
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox");
    return c.html(email.html);
  });
