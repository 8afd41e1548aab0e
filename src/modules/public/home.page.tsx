import { messagesFor } from '../../lib/languages.js';
import { withLang, type Lang } from '../../web/i18n.js';
import { PublicPage } from '../../web/public-layout.js';
import { contentLang, formatDate } from './format.js';
import { homeMessages } from './messages/home.js';
import { layoutMessages } from '../../web/messages/layout.js';
import type { DirectoryOffice, ReleaseSummary } from './public.repository.js';

/** `/`: the latest releases, the press contacts in short, and where a journalist goes next. */
export function HomePage(props: { lang: Lang; releases: ReleaseSummary[]; offices: DirectoryOffice[] }) {
  const { lang } = props;
  const t = messagesFor(homeMessages, lang);
  return (
    <PublicPage lang={lang} title={t.title} path="/" section="news">
      <h1>{t.title}</h1>
      <p>{t.intro}</p>

      <section aria-labelledby="latest-heading">
        <h2 id="latest-heading">{t.latest}</h2>
        {props.releases.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          <ul class="releases">
            {props.releases.map((r) => (
              <li>
                <a href={withLang(`/news/${r.slug}`, lang)} lang={contentLang(r.language)}>
                  {r.title}
                </a>
                <p class="muted">
                  <span lang={contentLang(r.language)}>{r.dateline}</span>
                  {' · '}
                  {t.published}{' '}
                  <time datetime={r.published_at!.toISOString()}>{formatDate(r.published_at!, lang, r.time_zone)}</time>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="contacts-heading">
        <h2 id="contacts-heading">{t.contacts}</h2>
        <ul class="offices-short">
          {props.offices.map((o) => (
            <li>
              <a href={`${withLang('/contacts', lang)}#office-${o.code}`}>{o.name}</a>
              {', '}
              {o.city}
              {o.contacts.length > 0 ? (
                <>
                  {': '}
                  {o.contacts.map((c) => c.name).join(', ')}
                </>
              ) : (
                <>
                  {': '}
                  <a href={`mailto:${o.email}`}>{o.email}</a>
                </>
              )}
            </li>
          ))}
        </ul>
        <p>
          <a href={withLang('/contacts', lang)}>{t.allContacts}</a>
        </p>
      </section>

      <section aria-labelledby="journalists-heading">
        <h2 id="journalists-heading">{t.forJournalists}</h2>
        <ul class="tiles">
          <li>
            <a href={withLang('/inquiries/new', lang)}>{messagesFor(layoutMessages, lang).ask}</a>
            <p>{t.askText}</p>
          </li>
          <li>
            <a href={withLang('/guidelines/children', lang)}>{t.guidelinesLink}</a>
            <p>{t.guidelinesText}</p>
          </li>
          <li>
            <a href={withLang('/contacts', lang)}>{t.contacts}</a>
            <p>{t.contactsText}</p>
          </li>
        </ul>
      </section>
    </PublicPage>
  );
}
