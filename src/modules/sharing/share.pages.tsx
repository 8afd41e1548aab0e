import type { z } from '@hono/zod-openapi';
import { Hono, type Context } from 'hono';
import { messagesFor } from '../../lib/languages.js';
import type { AppEnv } from '../../app-env.js';
import { clientHash } from '../../lib/client-address.js';
import { cacheableHtml } from '../../web/cacheable-html.js';
import { pageLang, toLang, withLang, type Lang } from '../../web/i18n.js';
import { PublicPage } from '../../web/public-layout.js';
import { retryWhen, shareMessages } from '../../web/messages/share.js';
import { findShareableArticle } from './share.repository.js';
import { ShareInputSchema, toFieldErrors } from './share.schemas.js';
import { ShareSection, type ShareArticleRef, type ShareFormErrors, type ShareFormValues } from './share.section.js';
import { shareArticle } from './share.usecases.js';
import { fromOurOrigin } from '../../lib/same-origin.js';

/**
 * The form route of "Email this article": same use case as the API, answered
 * as pages in the page's language — errors beside the fields with what was
 * typed kept, a 429 page, and a success page (POST → 303 → GET).
 */

const releasePath = (slug: string) => `/news/${encodeURIComponent(slug)}`;

function articleRef(c: Context<AppEnv>, article: { slug: string; title: string }, lang: Lang): ShareArticleRef {
  return { slug: article.slug, title: article.title, url: `${c.var.deps.config.PUBLIC_BASE_URL}${withLang(releasePath(article.slug), lang)}` };
}

function MessagePage(props: { lang: Lang; title: string; path: string; body: string; back?: { href: string; label: string } }) {
  return (
    <PublicPage lang={props.lang} title={props.title} path={props.path} section="news">
      <h1>{props.title}</h1>
      <p role="status">{props.body}</p>
      {props.back ? (
        <p>
          <a href={props.back.href}>{props.back.label}</a>
        </p>
      ) : null}
    </PublicPage>
  );
}

function notFound(c: Context<AppEnv>, lang: Lang) {
  const t = messagesFor(shareMessages, lang);
  c.header('Cache-Control', 'no-store');
  return c.html(<MessagePage lang={lang} title={t.notFoundTitle} path={c.req.path} body={t.notFoundBody} />, 404);
}

function FormPage(props: { lang: Lang; article: ShareArticleRef; values?: ShareFormValues; errors?: ShareFormErrors }) {
  const { lang, article } = props;
  const t = messagesFor(shareMessages, lang);
  return (
    <PublicPage lang={lang} title={`${t.heading}: ${article.title}`} path={`${releasePath(article.slug)}/share`} section="news">
      <h1>{t.heading}</h1>
      <p>
        <a href={withLang(releasePath(article.slug), lang)}>{article.title}</a>
      </p>
      <ShareSection lang={lang} article={article} values={props.values} errors={props.errors} heading={false} />
    </PublicPage>
  );
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown) => (Array.isArray(v) ? v.map(text) : v === undefined ? [] : [text(v)]);

/** The posted form as typed (for showing it again) and as the use case's input, with where each non-empty box was. */
function readForm(body: Record<string, unknown>, lang: Lang) {
  const boxes = list(body.recipient).map((s) => s.trim());
  const filled = boxes.map((value, box) => ({ value, box })).filter((r) => r.value !== '');
  const values: ShareFormValues = {
    recipients: boxes,
    senderName: text(body.senderName),
    senderEmail: text(body.senderEmail).trim(),
    note: text(body.note),
  };
  const input = {
    recipients: filled.map((r) => r.value),
    senderName: values.senderName,
    senderEmail: values.senderEmail,
    ...(values.note.trim() ? { note: values.note } : {}),
    language: lang,
    ...(text(body.altcha) ? { altcha: text(body.altcha) } : {}),
  };
  return { values, input, boxOf: (k: number) => filled[k]?.box ?? k };
}

export const sharePages = new Hono<AppEnv>()
  .get('/news/:slug/share', async (c) => {
    const lang = pageLang(c);
    const article = await findShareableArticle(c.var.deps.db, c.req.param('slug'), c.var.deps.clock.now());
    if (!article) return notFound(c, lang);
    // No per-request content: the widget fetches its challenge itself.
    return cacheableHtml(c, String(<FormPage lang={lang} article={articleRef(c, article, lang)} />));
  })
  .post('/news/:slug/share', async (c) => {
    const { deps } = c.var;
    const body = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
    const lang = toLang(text(body.language)) ?? pageLang(c);
    const t = messagesFor(shareMessages, lang);
    c.header('Cache-Control', 'no-store');
    const article = await findShareableArticle(deps.db, c.req.param('slug'), deps.clock.now());
    if (!article) return notFound(c, lang);
    const ref = articleRef(c, article, lang);
    const { values, input, boxOf } = readForm(body, lang);
    const again = (errors: ShareFormErrors, status: 403 | 422) => c.html(<FormPage lang={lang} article={ref} values={values} errors={errors} />, status);

    if (!fromOurOrigin(c)) return again({ form: t.crossSite }, 403);

    const parsed = ShareInputSchema.safeParse(input);
    if (!parsed.success) {
      const errors: ShareFormErrors = {};
      for (const e of toFieldErrors(parsed.error as z.ZodError, lang)) {
        const m = /^recipients\.(\d+)$/.exec(e.field);
        const field = m ? `recipients.${boxOf(Number(m[1]))}` : e.field;
        errors[field] ??= e.detail;
      }
      return again(errors, 422);
    }

    const outcome = await shareArticle(deps, article.slug, parsed.data, { clientHash: clientHash(c, deps.config.TRUST_PROXY), trusted: false, via: 'form' });
    if (outcome.ok) return c.redirect(withLang(`${releasePath(article.slug)}/share/sent`, lang), 303);
    const { failure } = outcome;
    if (failure.kind === 'not_found') return notFound(c, lang);
    if (failure.kind === 'altcha') return again({ altcha: t.errors[`altcha.${failure.reason}`] }, 422);
    c.header('Retry-After', String(failure.retryAfterSeconds));
    return c.html(
      <MessagePage
        lang={lang}
        title={t.limitedTitle}
        path={`${releasePath(article.slug)}/share`}
        body={t.limitedBody(retryWhen(lang, failure.retryAfterSeconds))}
        back={{ href: withLang(releasePath(article.slug), lang), label: t.backToRelease }}
      />,
      429,
    );
  })
  .get('/news/:slug/share/sent', async (c) => {
    const lang = pageLang(c);
    const t = messagesFor(shareMessages, lang);
    const slug = c.req.param('slug');
    return cacheableHtml(
      c,
      String(
        <MessagePage
          lang={lang}
          title={t.sentTitle}
          path={`${releasePath(slug)}/share/sent`}
          body={t.sentBody}
          back={{ href: withLang(releasePath(slug), lang), label: t.backToRelease }}
        />,
      ),
    );
  });
