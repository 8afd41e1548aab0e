import type { Context } from 'hono';
import { Page } from './page.js';
import { errorCodes, type ApiError } from '../lib/problem.js';

/** The readable page for an error on a page (the API answers problem+json instead). */
export function errorPage(c: Context, err: ApiError): Response {
  const { status, title } = errorCodes[err.code];
  const html = (
    <Page title={title}>
      <h1>{title}</h1>
      <p>{err.message}</p>
      <p>
        <a href="/">Back to the start</a>
      </p>
    </Page>
  );
  return new Response(html.toString(), {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'X-Request-Id': String(c.get('requestId') ?? ''), ...err.headers },
  });
}
