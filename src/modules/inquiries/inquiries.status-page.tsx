import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { messagesFor } from '../../lib/languages.js';
import { formatDateTime } from '../../../emails/format.js';
import type { AppEnv } from '../../app-env.js';
import { pageLang, toLang, withLang, type Lang } from '../../web/i18n.js';
import { PublicPage } from '../../web/public-layout.js';
import { statusMessages, type StatusMessages } from '../../web/messages/status.js';
import { FORM_TOKEN_FIELD, followUpFormKey, newFormToken, readFormToken } from './form-token.js';
import { findIdempotencyRecord, findInquiryByStatusToken, loadReporterThread, reporterTimeZone, type ReporterThreadItem } from './inquiries.repository.js';
import { FollowUpSchema } from './inquiries.schemas.js';
import { addFollowUp } from './inquiries.usecases.js';
import { NOTICE_COOKIE, refuseForm, secureCookies } from './inquiry-form.guard.js';
import { hitFollowUp, retryMinutes } from './intake.limits.js';

type Inquiry = NonNullable<Awaited<ReturnType<typeof findInquiryByStatusToken>>>;
type Notice = 'received' | 'sent';
type FollowUpError = 'required' | 'tooLong' | 'invalid';

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;
const statusPath = (token: string) => `/inquiries/status/${token}`;

/** Reporter-facing pages are private: never cached, and the token never leaves in a Referer. */
function privateHeaders(c: Context<AppEnv>) {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
}

function Times(props: { at: Date; lang: Lang; officeZone: string; reporterZone: string | null; t: StatusMessages }) {
  const office = formatDateTime(props.at, props.lang, props.officeZone);
  const own = props.reporterZone && props.reporterZone !== props.officeZone ? formatDateTime(props.at, props.lang, props.reporterZone) : null;
  return (
    <dd>
      <time datetime={props.at.toISOString()}>{office}</time>
      {own && own !== office ? (
        <>
          <br />
          <span class="muted">
            {props.t.yourTime}: {own}
          </span>
        </>
      ) : null}
    </dd>
  );
}

function ThreadItem(props: { item: ReporterThreadItem; lang: Lang; zone: string; t: StatusMessages }) {
  const { item, t } = props;
  return (
    <li class={item.kind === 'reply' ? 'reply' : 'follow-up'}>
      <p>
        <strong>{item.kind === 'reply' ? t.replyFrom(item.from ?? t.pressOfficer) : t.youWrote}</strong>
        {' · '}
        <time datetime={item.at.toISOString()}>{formatDateTime(item.at, props.lang, props.zone)}</time>
      </p>
      <p class="pre">{item.text}</p>
    </li>
  );
}

interface StatusView {
  inquiry: Inquiry;
  token: string;
  lang: Lang;
  thread: ReporterThreadItem[];
  reporterZone: string | null;
  notice: Notice | null;
  /** The follow-up form: what was typed, its error, and its one-time token (form-token.ts). */
  followUp: { text: string; error: FollowUpError | null; formToken: string };
}

function StatusPage(v: StatusView) {
  const { inquiry, lang } = v;
  const t = messagesFor(statusMessages, lang);
  const tz = inquiry.office_time_zone;
  const who = inquiry.contact_name ? `${inquiry.contact_name}, ${inquiry.contact_title}` : t.pressOfficer;
  const error = v.followUp.error;
  return (
    <PublicPage lang={lang} title={t.title(inquiry.reference)} path={statusPath(v.token)} section={null}>
      {error ? (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
          <h2 id="error-summary-title">{t.errors.summary}</h2>
          <ul>
            <li>
              <a href="#follow-up-message">{t.errors[error]}</a>
            </li>
          </ul>
        </div>
      ) : null}
      {v.notice ? (
        <p class="notice" role="status">
          {v.notice === 'received' ? t.notices.received(inquiry.reference, who) : t.notices.sent}
        </p>
      ) : null}
      <h1>{t.title(inquiry.reference)}</h1>
      <div class="card">
        <dl>
          <dt>{t.labels.status}</dt>
          <dd>{t.status[inquiry.status]}</dd>
          <dt>{t.labels.office}</dt>
          <dd>{inquiry.office_name}</dd>
          <dt>{t.labels.whoWillAnswer}</dt>
          <dd>{who}</dd>
          <dt>{t.labels.received}</dt>
          <Times at={inquiry.created_at} lang={lang} officeZone={tz} reporterZone={v.reporterZone} t={t} />
          <dt>{t.labels.dueAt}</dt>
          <Times at={inquiry.due_at} lang={lang} officeZone={tz} reporterZone={v.reporterZone} t={t} />
          {inquiry.deadline ? (
            <>
              <dt>{t.labels.deadline}</dt>
              <Times at={inquiry.deadline} lang={lang} officeZone={tz} reporterZone={v.reporterZone} t={t} />
            </>
          ) : null}
        </dl>
      </div>
      <section aria-labelledby="thread-h">
        <h2 id="thread-h">{t.thread}</h2>
        <ol class="thread">
          <li class="original">
            <p>
              <strong>{t.original}</strong>
              {' · '}
              <time datetime={inquiry.created_at.toISOString()}>{formatDateTime(inquiry.created_at, lang, tz)}</time>
            </p>
            <h3>{inquiry.subject}</h3>
            <p class="pre">{inquiry.message}</p>
          </li>
          {v.thread.map((item) => (
            <ThreadItem item={item} lang={lang} zone={tz} t={t} />
          ))}
        </ol>
      </section>
      <section aria-labelledby="follow-up-h">
        <h2 id="follow-up-h">{t.followUp.heading}</h2>
        <form class="follow-up" method="post" action={withLang(`${statusPath(v.token)}/follow-up`, lang)} novalidate>
          <input type="hidden" name={FORM_TOKEN_FIELD} value={v.followUp.formToken} />
          <label for="follow-up-message">{t.followUp.label}</label>
          <p class="muted hint" id="follow-up-hint">
            {t.followUp.hint}
          </p>
          {error ? (
            <p class="error field-error" id="follow-up-error">
              {t.errors[error]}
            </p>
          ) : null}
          <textarea
            id="follow-up-message"
            name="message"
            rows={6}
            maxlength={5000}
            aria-required="true"
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'follow-up-hint follow-up-error' : 'follow-up-hint'}
          >
            {v.followUp.text}
          </textarea>
          <button type="submit">{t.followUp.send}</button>
        </form>
      </section>
      <p class="muted">{t.keepPrivate}</p>
    </PublicPage>
  );
}

function notFound(c: Context<AppEnv>, lang: Lang) {
  const t = messagesFor(statusMessages, lang);
  privateHeaders(c);
  return c.html(
    <PublicPage lang={lang} title={t.notFound.title} path="/inquiries/new" section={null}>
      <h1>{t.notFound.title}</h1>
      <p>{t.notFound.body}</p>
    </PublicPage>,
    404,
  );
}

function refusalPage(c: Context<AppEnv>, lang: Lang, token: string, status: 400 | 403 | 409 | 413 | 415 | 429, title: string, body: string) {
  const t = messagesFor(statusMessages, lang);
  privateHeaders(c);
  return c.html(
    <PublicPage lang={lang} title={title} path={TOKEN.test(token) ? statusPath(token) : '/inquiries/new'} section={null}>
      <h1>{title}</h1>
      <p>{body}</p>
      {TOKEN.test(token) ? (
        <p>
          <a href={withLang(statusPath(token), lang)}>{t.back}</a>
        </p>
      ) : null}
    </PublicPage>,
    status,
  );
}

async function findByToken(c: Context<AppEnv>, token: string) {
  return TOKEN.test(token) ? findInquiryByStatusToken(c.var.deps.db, token) : undefined;
}

async function view(c: Context<AppEnv>, inquiry: Inquiry, token: string, lang: Lang, followUp: StatusView['followUp'], notice: Notice | null) {
  const [thread, reporterZone] = await Promise.all([loadReporterThread(c.var.deps.db, inquiry.id), reporterTimeZone(c.var.deps.db, inquiry.id)]);
  return <StatusPage inquiry={inquiry} token={token} lang={lang} thread={thread} reporterZone={reporterZone} notice={notice} followUp={followUp} />;
}

/**
 * The reporter's private page. The token is the only key; an unknown token is
 * a plain 404 and the page never shows anything internal (notes, assignee's
 * address, routing reasons). In the inquiry's language unless ?lang= says otherwise.
 */
export const statusPage = new Hono<AppEnv>();

statusPage.get('/inquiries/status/:token', async (c) => {
  const token = c.req.param('token');
  const inquiry = await findByToken(c, token);
  if (!inquiry) return notFound(c, pageLang(c));
  const lang = toLang(c.req.query('lang')) ?? inquiry.language;
  // The one-time notice after the form or a follow-up, then gone.
  const flash = getCookie(c, NOTICE_COOKIE);
  const notice: Notice | null = flash === 'received' || flash === 'sent' ? flash : null;
  if (flash !== undefined) deleteCookie(c, NOTICE_COOKIE, { path: statusPath(token), secure: secureCookies(c) });
  privateHeaders(c);
  return c.html(await view(c, inquiry, token, lang, { text: '', error: null, formToken: newFormToken() }, notice));
});

statusPage.post(
  '/inquiries/status/:token/follow-up',
  async (c, next) => {
    const lang = pageLang(c);
    const t = messagesFor(statusMessages, lang);
    const refusal = refuseForm(c);
    if (refusal === 'cross_site') return refusalPage(c, lang, c.req.param('token'), 403, t.forbidden.title, t.forbidden.body);
    if (refusal === 'content_type') return refusalPage(c, lang, c.req.param('token'), 415, t.unsupported.title, t.unsupported.body);
    await next();
  },
  async (c, next) => {
    const lang = pageLang(c);
    const t = messagesFor(statusMessages, lang);
    return bodyLimit({
      maxSize: 64 * 1024,
      onError: () => refusalPage(c, lang, c.req.param('token'), 413, t.tooLarge.title, t.tooLarge.body),
    })(c, next);
  },
  async (c) => {
    const deps = c.var.deps;
    const token = c.req.param('token');
    const inquiry = await findByToken(c, token);
    if (!inquiry) return notFound(c, pageLang(c));
    const lang = toLang(c.req.query('lang')) ?? inquiry.language;
    const t = messagesFor(statusMessages, lang);

    const body = await c.req.parseBody();
    const field = body[FORM_TOKEN_FIELD];
    const posted = readFormToken(typeof field === 'string' ? field.slice(0, 100) : '');
    // Without a token (a page from before tokens, a script) every post adds a message, as before.
    const key = posted.ok && posted.token ? followUpFormKey(posted.token) : undefined;

    // A repeat of a form that already has its answer is not counted again.
    if (!key || !(await findIdempotencyRecord(deps.db, key))) {
      const verdict = await hitFollowUp(deps, token);
      if (!verdict.ok) {
        c.header('Retry-After', String(verdict.retryAfterSeconds));
        return refusalPage(c, lang, token, 429, t.limited.title, t.limited.body(retryMinutes(verdict.retryAfterSeconds)));
      }
    }
    if (!posted.ok) return refusalPage(c, lang, token, 400, t.unsupported.title, t.unsupported.body);

    const raw = typeof body.message === 'string' ? body.message : '';
    const parsed = FollowUpSchema.safeParse({ message: raw });
    if (!parsed.success) {
      // Read from the issue's code, not its English wording, which the schema may reword.
      const tooLong = parsed.error.issues.some((i) => i.code === 'too_big' && i.path[0] === 'message');
      const error: FollowUpError = !raw.trim() ? 'required' : tooLong ? 'tooLong' : 'invalid';
      privateHeaders(c);
      // Shown again with its token: nothing was stored, so the corrected post is the first real one.
      const formToken = posted.token ?? newFormToken();
      return c.html(await view(c, inquiry, token, lang, { text: raw.slice(0, 10_000), error, formToken }, null), 422);
    }

    // A second post of the same form (also concurrent) is 'replayed': same redirect and notice, nothing added or sent.
    const outcome = await addFollowUp(deps, token, parsed.data.message, { idempotencyKey: key });
    if (outcome === 'not_found') return notFound(c, lang);
    if (outcome === 'conflict') return refusalPage(c, lang, token, 409, t.alreadySent.title, t.alreadySent.body);
    const path = statusPath(token);
    setCookie(c, NOTICE_COOKIE, 'sent', { path, httpOnly: true, sameSite: 'Lax', secure: secureCookies(c), maxAge: 600 });
    privateHeaders(c);
    return c.redirect(withLang(path, lang), 303);
  },
);
