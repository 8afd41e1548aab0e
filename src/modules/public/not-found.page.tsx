import type { Context } from 'hono';
import { messagesFor } from '../../lib/languages.js';
import { pageLang, withLang, type Lang } from '../../web/i18n.js';
import { PublicPage } from '../../web/public-layout.js';
import { notFoundMessages } from './messages/not-found.js';

export function NotFoundPage(props: { lang: Lang; path: string }) {
  const t = messagesFor(notFoundMessages, props.lang);
  return (
    <PublicPage lang={props.lang} title={t.title} path={props.path}>
      <h1>{t.title}</h1>
      <p>{t.text}</p>
      <ul>
        <li>
          <a href={withLang('/', props.lang)}>{t.home}</a>
        </li>
        <li>
          <a href={withLang('/contacts', props.lang)}>{t.contacts}</a>
        </li>
      </ul>
    </PublicPage>
  );
}

/**
 * The requested path and query without `lang`, for the language switch; anything odd becomes `/`.
 * In the staff app it is always `/`: a page an officer may not see must answer byte for byte
 * like one that does not exist, whatever its address.
 */
function ownPath(c: Context): string {
  const url = new URL(c.req.url);
  if (/^\/(?:desk|api\/staff)(?:\/|$)/.test(url.pathname)) return '/';
  url.searchParams.delete('lang');
  const path = `${url.pathname}${url.search}`;
  return path.startsWith('/') && !path.startsWith('//') && path.length <= 500 ? path : '/';
}

/**
 * The localised 404 for every page that is not there (an unknown or
 * unpublished release too). Cached briefly only: a release published a moment
 * later must not stay hidden behind a cached 404.
 */
export async function notFoundResponse(c: Context): Promise<Response> {
  const lang = pageLang(c);
  const html = await (<NotFoundPage lang={lang} path={ownPath(c)} />).toString();
  return c.html(html, 404, { 'Cache-Control': 'public, max-age=10', Vary: 'Accept-Language' });
}
