import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { setCookie } from 'hono/cookie';
import { messagesFor } from '../../lib/languages.js';
import type { AppEnv } from '../../app-env.js';
import { clientHash } from '../../lib/client-address.js';
import { pageLang, withLang, type Lang } from '../../web/i18n.js';
import { inquiryFormMessages } from '../../web/messages/inquiry-form.js';
import { attachmentLimits, checkAttachments, filesFromForm } from '../attachments/index.js';
import { findIdempotencyRecord, findPublishedArticleTitle, listTopics } from './inquiries.repository.js';
import { InquiryInputSchema } from './inquiries.schemas.js';
import { createInquiry } from './inquiries.usecases.js';
import { inquiriesErrors } from './inquiries.errors.js';
import { inquiryFormKey, newFormToken, readFormToken } from './form-token.js';
import { emptyForm, filesError, intakeRefusals, readDeadline, readForm, schemaRefusals, toFormErrors, toInquiryBody, type FormError, type FormValues } from './inquiry-form.fields.js';
import { isMultipart, NOTICE_COOKIE, refuseForm, secureCookies } from './inquiry-form.guard.js';
import { countryTimeZone } from './inquiry-form.options.js';
import { InquiryFormPage, NoticePage } from './inquiry-form.page.js';
import { hitIntakeClient, retryMinutes } from './intake.limits.js';

const FORM_PATH = '/inquiries/new';

async function renderForm(c: Context<AppEnv>, lang: Lang, values: FormValues, errors: FormError[]) {
  const { db, clock, config } = c.var.deps;
  const [article, topics] = await Promise.all([
    values.articleSlug ? findPublishedArticleTitle(db, values.articleSlug, clock.now()) : undefined,
    listTopics(db),
  ]);
  return (
    <InquiryFormPage
      lang={lang}
      values={article ? values : { ...values, articleSlug: errors.some((e) => e.field === 'articleSlug') ? values.articleSlug : '' }}
      errors={errors}
      article={article ?? null}
      topics={topics.map((tp) => ({ value: tp.code, label: tp.name }))}
      privacyVersion={config.PRIVACY_NOTICE_VERSION}
      files={
        config.FORM_MAX_FILES > 0
          ? { max: config.FORM_MAX_FILES, perFile: config.ATTACHMENT_MAX_BYTES, together: config.ATTACHMENTS_MAX_BYTES_PER_MESSAGE }
          : null
      }
    />
  );
}

/** A refusal or limit page in the page's language; never cached. */
function noticeResponse(c: Context<AppEnv>, lang: Lang, status: 400 | 403 | 413 | 415 | 429, title: string, body: string, headers: Record<string, string> = {}) {
  const t = messagesFor(inquiryFormMessages, lang);
  const html = (
    <NoticePage lang={lang} title={title} path={FORM_PATH} back={{ href: FORM_PATH, label: t.back }}>
      <p>{body}</p>
    </NoticePage>
  );
  return c.html(html, status, { 'Cache-Control': 'no-store', ...headers });
}

/**
 * The inquiry form at /inquiries/new: server-rendered, works without
 * JavaScript, validated by the API's own schema and use case.
 */
export const inquiryFormPages = new Hono<AppEnv>();

inquiryFormPages.get(FORM_PATH, async (c) => {
  const lang = pageLang(c);
  // ?article= from a release: an unknown or unpublished slug is simply ignored.
  const html = await renderForm(c, lang, { ...emptyForm(lang, c.req.query('article') ?? ''), formToken: newFormToken() }, []);
  // Each rendering carries its own one-time token: for this reader only, never kept by a cache.
  return c.html(html, 200, { 'Cache-Control': 'no-store', Vary: 'Accept-Language' });
});

inquiryFormPages.post(
  FORM_PATH,
  // Checked before the body is read: a cross-site or non-form post never gets further.
  async (c, next) => {
    const lang = pageLang(c);
    const t = messagesFor(inquiryFormMessages, lang);
    const refusal = refuseForm(c, { multipart: c.var.deps.config.FORM_MAX_FILES > 0 });
    if (refusal === 'cross_site') return noticeResponse(c, lang, 403, t.forbidden.title, t.forbidden.body);
    if (refusal === 'content_type') return noticeResponse(c, lang, 415, t.unsupported.title, t.unsupported.body);
    await next();
  },
  async (c, next) => {
    const lang = pageLang(c);
    const t = messagesFor(inquiryFormMessages, lang);
    const { config } = c.var.deps;
    return bodyLimit({
      // The form's fields at their maximum, percent-encoded, fit easily; with files (multipart) it takes
      // INQUIRY_FORM_BODY_LIMIT_BYTES, this route only, and the files' own limits are checked after.
      maxSize: isMultipart(c) ? config.INQUIRY_FORM_BODY_LIMIT_BYTES : config.BODY_LIMIT_BYTES * 2,
      onError: () => noticeResponse(c, lang, 413, t.tooLarge.title, t.tooLarge.body),
    })(c, next);
  },
  async (c) => {
    const deps = c.var.deps;
    const lang = pageLang(c);
    const t = messagesFor(inquiryFormMessages, lang);

    // A multipart body that does not parse (no boundary, cut short) is a bad request, not a server error.
    const body = await c.req.parseBody({ all: true }).catch(() => null);
    if (!body) return noticeResponse(c, lang, 400, t.unsupported.title, t.unsupported.body);
    const values = readForm(body, lang);
    const files = deps.config.FORM_MAX_FILES > 0 ? await filesFromForm(body.files) : [];
    const posted = readFormToken(values.formToken);
    // No token (a page cached from before tokens, a script): accepted as before, one inquiry per post.
    const key = posted.ok && posted.token ? inquiryFormKey(posted.token) : undefined;

    // Counted before anything is stored, the form and the API together. A repeat of a form that
    // already has its answer is not counted again, like an API retry with its Idempotency-Key.
    if (!key || !(await findIdempotencyRecord(deps.db, key))) {
      const verdict = hitIntakeClient(deps, clientHash(c, deps.config.TRUST_PROXY));
      if (!verdict.ok) {
        return noticeResponse(c, lang, 429, t.limited.title, t.limited.body(retryMinutes(verdict.retryAfterSeconds)), {
          'Retry-After': String(verdict.retryAfterSeconds),
        });
      }
    }

    if (values.honeypot.trim() !== '') {
      // A bot: thanked like a person, and nothing is stored or sent.
      deps.logger.info({ requestId: c.var.requestId }, 'inquiry form honeypot filled; dropped');
      return c.html(
        <NoticePage lang={lang} title={t.thanks.title} path={FORM_PATH} back={{ href: '/', label: t.thanks.back }}>
          <p>{t.thanks.body}</p>
        </NoticePage>,
        200,
        { 'Cache-Control': 'no-store' },
      );
    }

    // Only a page we rendered has a token, and a tampered one is not ours.
    if (!posted.ok) return noticeResponse(c, lang, 400, t.unsupported.title, t.unsupported.body);

    const errors: FormError[] = [];
    const deadline = readDeadline(values);
    if (deadline && 'code' in deadline) errors.push(deadline);
    if (!values.involvesChildren) errors.push({ field: 'involvesChildren', code: 'required' });
    // Files over a limit: the form again saying which, and nothing stored (the reporter chooses them again).
    const filesCheck = checkAttachments(files, { ...attachmentLimits(deps.config), maxFilesPerMessage: deps.config.FORM_MAX_FILES }, 0);
    if (!filesCheck.ok) errors.push(filesError(filesCheck));
    const parsed = InquiryInputSchema.safeParse(toInquiryBody(values, deadline && 'iso' in deadline ? deadline : null));
    if (!parsed.success) {
      for (const e of toFormErrors(schemaRefusals(parsed.error.issues), values)) if (!errors.some((x) => x.field === e.field)) errors.push(e);
    }
    // Shown again with its token: nothing was stored, so the corrected post is the first real one.
    const again = values.formToken ? values : { ...values, formToken: newFormToken() };
    const invalid = async (list: FormError[]) => c.html(await renderForm(c, lang, again, list), 422, { 'Cache-Control': 'no-store' });
    if (errors.length || !parsed.success) return invalid(errors);

    let result;
    try {
      // With a token, the API's Idempotency-Key path: a second post of this form (also concurrent) gets the
      // first answer and its status page, and nothing is stored or sent again.
      result = await createInquiry(deps, parsed.data, {
        idempotencyKey: key,
        source: 'form',
        // The zone the reporter chose for the deadline, else their country's: their own time on the status page.
        reporterTimeZone: deadline && 'iso' in deadline ? deadline.zone : countryTimeZone(parsed.data.country),
        files,
      });
    } catch (err) {
      // The use case's own checks (deadline in the past, unknown topic, release gone).
      if (inquiriesErrors.intakeRejected.is(err)) return invalid(toFormErrors(intakeRefusals(err.errors ?? []), values));
      // The same token with another text: the first post stands and this one changes nothing.
      if (inquiriesErrors.idempotencyKeyReused.is(err)) {
        return c.html(
          <NoticePage lang={lang} title={t.alreadySent.title} path={FORM_PATH} back={{ href: FORM_PATH, label: t.alreadySent.newForm }}>
            <p>{t.alreadySent.body}</p>
          </NoticePage>,
          409,
          { 'Cache-Control': 'no-store' },
        );
      }
      throw err;
    }
    const path = new URL(result.body.statusUrl).pathname;
    setCookie(c, NOTICE_COOKIE, 'received', { path, httpOnly: true, sameSite: 'Lax', secure: secureCookies(c), maxAge: 600 });
    c.header('Cache-Control', 'no-store');
    return c.redirect(withLang(path, lang), 303);
  },
);
