import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

/** Who is signed in, as far as the frame shows it: name, the admin's extra link, the session's CSRF token. */
export interface SignedInStaff {
  name: string;
  isAdmin: boolean;
  csrf: string;
}

/** The hidden field every staff form carries (see staffCsrf). */
export function CsrfField(props: { csrf: string }) {
  return <input type="hidden" name="_csrf" value={props.csrf} />;
}

/**
 * The staff app's page frame: works without JavaScript; /assets/desk.js (if
 * present) only improves it. Landmarks and a skip link for keyboard users.
 */
export function StaffPage(props: { title: string; staff: SignedInStaff; quarantined?: number; children?: Child }) {
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
            {' · '}
            {/* The count only where the page has it (the queue): not a query on every page. */}
            <a href="/desk/quarantine">{props.quarantined ? `Quarantine (${props.quarantined})` : 'Quarantine'}</a>
            {staff.isAdmin ? (
              <>
                {' · '}
                <a href="/desk/admin/audit">Audit log</a>
              </>
            ) : null}
            {' · '}
            <a href="/desk/settings">{staff.name}</a>
            <form method="post" action="/desk/sign-out" class="inline">
              <CsrfField csrf={staff.csrf} />
              <button type="submit">Sign out</button>
            </form>
            <form method="post" action="/desk/sign-out-everywhere" class="inline">
              <CsrfField csrf={staff.csrf} />
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
