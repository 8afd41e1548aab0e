import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { htmlLang, LANGUAGES, messagesFor } from '../lib/languages.js';
import { LANG_NAME, withLang, type Lang } from './i18n.js';
import { layoutMessages } from './messages/layout.js';

export type PublicSection = 'home' | 'news' | 'contacts' | 'ask' | 'guidelines' | null;

/**
 * The frame of every public page: works without JavaScript, readable on a
 * phone, the media-centre menu of the seed page, and a language switch that
 * keeps the reader on the same page (`path` is the page's own path and query).
 */
export function PublicPage(props: {
  lang: Lang;
  title: string;
  /** This page's path (with any query but lang), for the language switch. */
  path: string;
  section?: PublicSection;
  /** Extra <head> content (e.g. a page's own script, self-hosted). */
  head?: Child;
  children?: Child;
}) {
  const { lang } = props;
  const t = messagesFor(layoutMessages, lang);
  const nav: { href: string; label: string; section: PublicSection }[] = [
    { href: '/', label: t.news, section: 'news' },
    { href: '/contacts', label: t.contacts, section: 'contacts' },
    { href: '/inquiries/new', label: t.ask, section: 'ask' },
    { href: '/guidelines/children', label: t.guidelines, section: 'guidelines' },
  ];
  return (
    <>
      {/* The doctype keeps browsers out of quirks mode; JSX cannot write it, so it goes in raw. */}
      {raw('<!doctype html>')}
      <html lang={htmlLang(lang)}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · ${t.site}`}</title>
          <link rel="stylesheet" href="/assets/site.css" />
          <link rel="stylesheet" href="/assets/public.css" />
          {LANGUAGES.map((l) => (
            <link rel="alternate" hreflang={htmlLang(l)} href={withLang(props.path, l)} />
          ))}
          {props.head}
        </head>
        <body>
          <a class="skip" href="#main">
            {t.skip}
          </a>
          <header class="site">
            <a class="brand" href={withLang('/', lang)}>
              {t.site}
            </a>
            <nav aria-label={t.menu}>
              <ul class="menu">
                {nav.map((n) => (
                  <li>
                    <a href={withLang(n.href, lang)} aria-current={props.section === n.section ? 'page' : undefined}>
                      {n.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <nav aria-label={t.language}>
              <ul class="langs">
                {LANGUAGES.map((l) => (
                  <li>
                    <a href={withLang(props.path, l)} lang={htmlLang(l)} hreflang={htmlLang(l)} aria-current={l === lang ? 'true' : undefined}>
                      {LANG_NAME[l]}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </header>
          <main id="main">{props.children}</main>
          <footer class="muted">{t.footer}</footer>
        </body>
      </html>
    </>
  );
}
