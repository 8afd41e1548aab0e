import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps, AppEnv } from './app-env.js';
import { requestFrame, requireJsonBody } from './lib/http-middleware.js';
import { bodyLimits } from './lib/body-limits.js';
import { SITE_CSS } from './web/assets/site.css.js';
import { ApiError, problemResponse } from './lib/problem.js';
import { requestErrors } from './lib/request.errors.js';
import { adminRouter } from './modules/admin/admin.routes.js';
import { articlesRouter } from './modules/articles/articles.routes.js';
import { directoryRouter } from './modules/directory/directory.routes.js';
import { docsRoutes } from './modules/docs/docs.routes.js';
import { healthRouter } from './modules/health/health.routes.js';
import { inquiriesRouter } from './modules/inquiries/inquiries.routes.js';
import { statusPage } from './modules/inquiries/inquiries.status-page.js';
import { mailboxPages } from './modules/mail/mailbox.page.js';
import { isDatabaseUnavailable } from './lib/db-errors.js';
import { createMetrics, metricsRoutes } from './modules/metrics/metrics.js';
import { staffCsrf, staffSession } from './modules/auth/staff.middleware.js';
import { errorPage } from './web/error-page.js';
import { inquiryRouter } from './modules/desk/inquiry.routes.js';
import { actionsRouter } from './modules/desk/actions.routes.js';
import { attachmentsRouter } from './modules/desk/attachments.routes.js';
import { cannedRouter } from './modules/desk/canned.routes.js';
import { signinPages } from './modules/auth/signin.pages.js';
import { auditPages } from './modules/desk/audit-log.page.js';
import { queuePage } from './modules/desk/queue.page.js';
import { queueApi } from './modules/desk/queue.api.js';
import { settingsPage } from './modules/desk/settings.page.js';
import { publicPages } from './modules/public/pages.routes.js';
import { PUBLIC_CSS } from './web/assets/public.css.js';
import { notFoundResponse } from './modules/public/not-found.page.js';
import { inquiryFormPages } from './modules/inquiries/inquiry-form.routes.js';
import { articlesWriteRouter } from './modules/articles/articles.write.routes.js';
import { shareRouter } from './modules/sharing/share.routes.js';
import { inboundRouter } from './modules/inbound/inbound.routes.js';
import { quarantineRouter } from './modules/inbound/quarantine.routes.js';
import { quarantinePages } from './modules/inbound/quarantine.page.js';

export type { AppDeps };

// Non-strict routing reports `/api/` as `/api`, which is still the API.
const isApi = (c: Context) => /^\/api(?:\/|$)/.test(c.req.path);

function toResponse(c: Context<AppEnv>, err: unknown): Response {
  if (err instanceof ApiError) return isApi(c) ? problemResponse(c, err) : errorPage(c, err);
  if (err instanceof HTTPException) {
    if (err.status === 413) return problemResponse(c, requestErrors.bodyTooLarge.error());
    return err.getResponse();
  }
  if (isDatabaseUnavailable(err)) {
    c.var.deps.logger.warn({ requestId: c.var.requestId, code: (err as { code?: string }).code }, 'database unavailable');
    const unavailable = requestErrors.unavailable.error(undefined, { headers: { 'Retry-After': '5' } });
    return isApi(c) ? problemResponse(c, unavailable) : errorPage(c, unavailable);
  }
  // Unknown errors never leak: a generic problem with the request id, the details in the log.
  c.var.deps.logger.error({ requestId: c.var.requestId, err: { name: (err as Error)?.name, message: (err as Error)?.message, stack: (err as Error)?.stack } }, 'unhandled error');
  const internal = requestErrors.internal.error(`Something went wrong on our side. Quote request id ${c.var.requestId} if you contact us.`);
  return isApi(c) ? problemResponse(c, internal) : errorPage(c, internal);
}

/** Composes the service. No side effects: everything it touches comes in through deps. */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ strict: false });

  const metrics = deps.metrics ?? createMetrics(deps.db);
  app.use('*', requestFrame(deps, metrics.observe, errorPage));
  // Every route's body limit, before anything reads a body (the CSRF check below reads forms).
  app.use('*', bodyLimits(deps.config, errorPage));
  // The API takes JSON, except the webhook for received mail, whose body is the raw message.
  app.use('/api/*', (c, next) => (c.req.path === '/api/inbound/mime' ? next() : requireJsonBody(c, next)));
  // The staff app: who is signed in, and CSRF checks on every state change.
  for (const path of ['/desk', '/desk/*', '/api/staff/*']) app.use(path, staffSession, staffCsrf);

  app.route('/', healthRouter);
  app.route('/', directoryRouter);
  app.route('/', articlesRouter);
  app.route('/', articlesWriteRouter);
  app.route('/', shareRouter);
  app.route('/', inquiriesRouter);
  app.route('/', statusPage);
  app.route('/', inquiryFormPages);
  app.route('/', publicPages);
  // Captured mail exists only in capture mode, and only for a signed-in admin (mailbox.page.tsx).
  if (deps.mailer.mode === 'capture') {
    for (const path of ['/dev/mailbox', '/dev/mailbox/*']) app.use(path, staffSession);
    app.route('/', mailboxPages);
  }
  app.route('/', docsRoutes);
  app.route('/', adminRouter);
  app.route('/', inquiryRouter);
  app.route('/', actionsRouter);
  app.route('/', attachmentsRouter);
  app.route('/', cannedRouter);
  app.route('/', signinPages);
  app.route('/', auditPages);
  app.route('/', queuePage);
  app.route('/', queueApi);
  app.route('/', settingsPage);
  app.route('/', inboundRouter);
  app.route('/', quarantineRouter);
  app.route('/', quarantinePages);
  // /metrics on the public port only behind METRICS_TOKEN; with METRICS_PORT it is on loopback
  // instead (runtime.ts). Neither set: not served, a plain 404.
  if (deps.config.METRICS_TOKEN && deps.config.METRICS_PORT === undefined) app.route('/', metricsRoutes(metrics, deps.config.METRICS_TOKEN));
  app.get('/assets/site.css', (c) =>
    c.body(SITE_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );
  app.get('/assets/public.css', (c) =>
    c.body(PUBLIC_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
  );

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Pressdesk API',
      version: '0.1.0',
      description: 'Media inquiries for a press office: send a question, read the press contacts and releases.',
    },
  });

  app.notFound((c) =>
    isApi(c) ? problemResponse(c, requestErrors.noSuchResource.error()) : notFoundResponse(c),
  );
  app.onError((err, c) => toResponse(c, err));
  return app;
}

export type App = ReturnType<typeof createApp>;
