import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

export function Page(props: { title: string; lang?: string; children?: Child }) {
  // The doctype keeps browsers out of quirks mode; JSX cannot write it, so it goes in raw.
  return (
    <>
      {raw('<!doctype html>')}
    <html lang={props.lang ?? 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Pressdesk`}</title>
        <link rel="stylesheet" href="/assets/site.css" />
      </head>
      <body>
        <header>
          <a href="/">Pressdesk</a>
        </header>
        <main>{props.children}</main>
      </body>
    </html>
    </>
  );
}
