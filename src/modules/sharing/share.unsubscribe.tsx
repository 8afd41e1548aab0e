import { Hono, type Context } from 'hono';
import { messagesFor } from '../../lib/languages.js';
import type { AppEnv } from '../../app-env.js';
import { pageLang, toLang, type Lang } from '../../web/i18n.js';
import { PublicPage } from '../../web/public-layout.js';
import { shareMessages } from '../../web/messages/share.js';
import { findByUnsubscribeToken, optOut } from './share.repository.js';

/**
 * One-click unsubscribe (RFC 8058). Mail clients POST
 * `List-Unsubscribe=One-Click` to the link in the List-Unsubscribe header, so
 * the POST has no CSRF or Origin check: the unguessable token is the
 * authority, and all it can do is stop shared-article mail to its own
 * recipient. A GET (a person, or a mail scanner following the link) only
 * shows the button, never changes anything.
 */

const TOKEN_RE = /^[A-Za-z0-9_-]{32,64}$/;

function Page(props: { lang: Lang; token: string; title: string; body: string; button?: string }) {
  const path = `/share/unsubscribe/${props.token}`;
  return (
    <PublicPage lang={props.lang} title={props.title} path={path} head={<meta name="robots" content="noindex" />}>
      <h1>{props.title}</h1>
      <p role="status">{props.body}</p>
      {props.button ? (
        <form method="post" action={path}>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <button type="submit">{props.button}</button>
        </form>
      ) : null}
    </PublicPage>
  );
}

async function lookup(c: Context<AppEnv>) {
  const token = c.req.param('token') ?? '';
  const found = TOKEN_RE.test(token) ? await findByUnsubscribeToken(c.var.deps.db, token) : null;
  // ?lang= first, then the language the message was written in.
  const lang = toLang(c.req.query('lang')) ?? (found ? found.language : pageLang(c));
  c.header('Cache-Control', 'no-store');
  // The token is in the path: pages linked from here must not learn it.
  c.header('Referrer-Policy', 'no-referrer');
  return { token, found, lang, t: messagesFor(shareMessages, lang) };
}

export const unsubscribePages = new Hono<AppEnv>()
  .get('/share/unsubscribe/:token', async (c) => {
    const { token, found, lang, t } = await lookup(c);
    if (!found) return c.html(<Page lang={lang} token={TOKEN_RE.test(token) ? token : ''} title={t.unknownLinkTitle} body={t.unknownLinkBody} />, 404);
    return c.html(<Page lang={lang} token={token} title={t.unsubscribeTitle} body={t.unsubscribeBody} button={t.unsubscribeButton} />);
  })
  .post('/share/unsubscribe/:token', async (c) => {
    const { token, found, lang, t } = await lookup(c);
    if (!found) return c.html(<Page lang={lang} token={TOKEN_RE.test(token) ? token : ''} title={t.unknownLinkTitle} body={t.unknownLinkBody} />, 404);
    await optOut(c.var.deps.db, found.address_hash, c.var.deps.clock.now());
    c.var.deps.logger.info({ event: 'share.opt_out' }, 'shared-article opt-out');
    return c.html(<Page lang={lang} token={token} title={t.unsubscribedTitle} body={t.unsubscribedBody} />);
  });
