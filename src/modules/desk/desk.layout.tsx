import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Staff } from '../auth/staff.js';

/** The hidden field every desk form carries (see staffCsrf). */
export function CsrfField(props: { staff: Staff }) {
  return <input type="hidden" name="_csrf" value={props.staff.session.csrf} />;
}

/**
 * The staff app's page frame: works without JavaScript; /assets/desk.js (if
 * present) only improves it. Landmarks and a skip link for keyboard users.
 */
export function DeskPage(props: { title: string; staff: Staff; children?: Child }) {
  const { staff } = props;
  // The doctype keeps browsers out of quirks mode; JSX cannot write it, so it goes in raw.
  return (
    <>
      {raw('<!doctype html>')}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Pressdesk desk`}</title>
        <link rel="stylesheet" href="/assets/site.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header>
          <nav aria-label="Desk">
            <a href="/desk">Queue</a>
            {' · '}
            <a href="/desk/shares">Shared articles</a>
            {staff.isAdmin ? (
              <>
                {' · '}
                <a href="/desk/admin/audit">Audit log</a>
              </>
            ) : null}
            {' · '}
            <a href="/desk/settings">{staff.name}</a>
            <form method="post" action="/desk/sign-out" class="inline">
              <CsrfField staff={staff} />
              <button type="submit">Sign out</button>
            </form>
            <form method="post" action="/desk/sign-out-everywhere" class="inline">
              <CsrfField staff={staff} />
              <button type="submit">Sign out everywhere</button>
            </form>
          </nav>
        </header>
        <main id="main">{props.children}</main>
      </body>
    </html>
    </>
  );
}
