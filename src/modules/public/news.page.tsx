import { raw } from 'hono/html';
import { messagesFor } from '../../lib/languages.js';
import { ShareSection } from '../sharing/index.js';
import { withLang, type Lang } from '../../web/i18n.js';
import { PublicPage } from '../../web/public-layout.js';
import { PhoneAndEmail } from './contact-rows.js';
import { contentLang, formatDate, paragraphs, safeHref } from './format.js';
import { newsMessages } from './messages/news.js';
import type { Release } from './public.repository.js';
import { sanitizeArticleHtml } from '../articles/index.js';

/**
 * `/news/{slug}`: one release. The release's own text keeps its language
 * (marked with `lang` for screen readers); everything around it follows the page.
 */
export function ReleasePage(props: { lang: Lang; release: Release; url: string }) {
  const { lang, release: r } = props;
  const t = messagesFor(newsMessages, lang);
  const al = contentLang(r.language);
  return (
    <PublicPage lang={lang} title={r.title} path={`/news/${r.slug}`} section="news">
      <p class="muted">
        <a href={withLang('/', lang)}>{t.back}</a>
      </p>
      <article aria-labelledby="release-title">
        <header>
          <h1 id="release-title" lang={al}>
            {r.title}
          </h1>
          {r.subtitle ? (
            <p class="subtitle" lang={al}>
              {r.subtitle}
            </p>
          ) : null}
          <p class="dateline">
            <span lang={al}>{r.dateline}</span>
            {' · '}
            {t.published}{' '}
            <time datetime={r.published_at!.toISOString()}>{formatDate(r.published_at!, lang, r.time_zone)}</time>
          </p>
        </header>
        {/* body_html was sanitised when the API stored it; it is sanitised again here because rows can come from
            elsewhere (SQL, seeds, an old version) and the page is rendered once per few seconds, so it costs little. */}
        <div class="release-body" lang={al}>
          {r.body_html !== null ? raw(sanitizeArticleHtml(r.body_html)) : paragraphs(r.body).map((p) => <p>{p}</p>)}
        </div>

        <p class="ask">
          <a class="button" href={withLang(`/inquiries/new?article=${r.slug}`, lang)}>
            {t.ask}
          </a>
        </p>

        {r.links.length > 0 ? (
          <section aria-labelledby="related-heading">
            <h2 id="related-heading">{t.related}</h2>
            <ul lang={al}>
              {r.links.map((l) => {
                const href = safeHref(l.url);
                return <li>{href ? <a href={href}>{l.label}</a> : l.label}</li>;
              })}
            </ul>
          </section>
        ) : null}

        {r.contacts.length > 0 ? (
          <section aria-labelledby="release-contacts-heading">
            <h2 id="release-contacts-heading">{t.contacts}</h2>
            <ul class="people">
              {r.contacts.map((c) => (
                <li class="card">
                  <p class="person">{c.name}</p>
                  <dl>
                    <dt>{t.office}</dt>
                    <dd>
                      {c.title !== c.office_name ? `${c.title}, ` : ''}
                      <a href={`${withLang('/contacts', lang)}#office-${c.office_code}`}>{c.office_name}</a>
                    </dd>
                    <PhoneAndEmail phone={c.phone} email={c.email} labels={t} />
                  </dl>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </article>

      <ShareSection lang={lang} article={{ slug: r.slug, title: r.title, url: props.url }} />
    </PublicPage>
  );
}
