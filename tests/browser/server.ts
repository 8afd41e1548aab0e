import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { findChromium } from './find-chromium.js';
import { freePort } from '../../src/lib/embedded-postgres.js';
import { buildTestContext, TEST_DEMO_PASSWORD, validInquiry, type TestContext, type TestContextOptions } from '../helpers/app.js';

// Real-browser tests: the app from buildTestContext() (its own database, fixed
// clock Monday 2026-11-30 10:00 in Kuala Lumpur, SMTP server on loopback)
// served over real HTTP on 127.0.0.1, driven by Chromium (see findChromium).

export const DEMO_PASSWORD = TEST_DEMO_PASSWORD;
export const INDRA = 'indra.nadchatram@example.org'; // malaysia, lead
export const DALE = 'dale.rutstein@example.org'; // china, lead
export const ADMIN = 'desk.admin@example.org'; // admin, no office

/** Per-step limits: generous for a loaded CI machine, far below vitest's per-test timeout. */
export const STEP_TIMEOUT_MS = 15_000;
export const BROWSER_TEST_TIMEOUT_MS = 90_000;

export interface BrowserServer {
  t: TestContext;
  /** http://127.0.0.1:<port>, also the app's PUBLIC_BASE_URL. */
  baseUrl: string;
  close(): Promise<void>;
}

/** The app served on a free loopback port, with PUBLIC_BASE_URL pointing at it (links, Origin checks). */
export async function startBrowserServer(opts: TestContextOptions = {}): Promise<BrowserServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await buildTestContext({ ...opts, env: { ...opts.env, PUBLIC_BASE_URL: baseUrl } });
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const serverOptions = { maxHeaderSize: t.config.MAX_HEADER_BYTES }; // as src/runtime.ts serves it
      const s = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1', serverOptions }, () => resolve(s as Server)) as Server;
      s.once('error', reject);
    });
  } catch (err) {
    await t.close();
    throw err;
  }
  return {
    t,
    baseUrl,
    async close() {
      // Chromium keeps connections alive; drop them so close() returns at once.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}

/**
 * Launches a Chromium found without installing anything by hand: CHROMIUM_PATH,
 * else a system Chromium, else the one inside the @sparticuz/chromium
 * devDependency (unpacked on first use). A browser test never skips: when none
 * is found, every test fails with the reason.
 */
export async function launchChromium(): Promise<Browser> {
  const { executablePath, args } = await findChromium();
  return chromium.launch({ executablePath, timeout: 30_000, args });
}

/** A fresh context (own cookies) and page for one test, with bounded waits. */
export async function newPage(browser: Browser, baseUrl: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'en-GB', timezoneId: 'Asia/Kuala_Lumpur' });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  return { context, page };
}

/**
 * Clicks (a submit button, a link) and waits until the main frame has committed
 * a new document whose URL passes `to`, and that document has loaded. Unlike
 * waitForURL this never returns early when the target is the page we are on
 * (a form that posts and redirects back to the same inquiry).
 */
export async function clickAndLoad(page: Page, target: Locator, to: (url: URL) => boolean): Promise<void> {
  const committed = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() && to(new URL(f.url())) });
  await target.click();
  await committed;
  await page.waitForLoadState('load');
}

export const at = (pathname: string, search?: (p: URLSearchParams) => boolean) => (u: URL) => u.pathname === pathname && (!search || search(u.searchParams));

/** Signs in through the real form, as a person would; ends on the queue. */
export async function signInThroughForm(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/desk/sign-in');
  const form = page.locator('form[action="/desk/sign-in"]');
  await form.getByLabel('Email', { exact: true }).fill(email);
  await form.getByLabel('Password', { exact: true }).fill(password);
  await clickAndLoad(page, form.getByRole('button', { name: 'Sign in', exact: true }), at('/desk'));
}

/** A Malaysia inquiry through POST /api/inquiries, left unassigned so an officer can claim it. `tag` makes it findable. */
export async function malaysiaInquiry(t: TestContext, tag: string) {
  const reporterEmail = `${tag}@example.com`;
  const subject = `Measles campaign ${tag}`;
  const res = await t.postJson('/api/inquiries', validInquiry({ email: reporterEmail, subject, country: 'MY' }));
  if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { id: string; reference: string; statusUrl: string; office: { code: string } };
  if (body.office.code !== 'malaysia') throw new Error(`expected the Malaysia office, got ${body.office.code}`);
  await t.db.updateTable('inquiries').set({ contact_id: null }).where('id', '=', body.id).execute();
  return { ...body, reporterEmail, subject };
}

export interface BrowserSuite {
  /** The running server; throws (failing the test) when the suite could not start. */
  server(): BrowserServer;
  /** A new page in a fresh browser context (own cookies), closed after the test. */
  open(): Promise<Page>;
}

/**
 * Registers the hooks of a browser test file: Chromium and the served app
 * before, each test's contexts after it, browser and server at the end. A
 * missing Chromium fails every test with the install hint (a failing
 * beforeAll would only mark them skipped).
 */
export function browserSuite(opts: Parameters<typeof startBrowserServer>[0] = {}): BrowserSuite {
  let browser: Browser | undefined;
  let srv: BrowserServer | undefined;
  let startError: unknown;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    try {
      browser = await launchChromium();
      srv = await startBrowserServer(opts);
    } catch (err) {
      startError = err;
    }
  }, 120_000);
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  }, 60_000);

  const server = () => {
    if (startError !== undefined || !srv || !browser) throw startError ?? new Error('the browser suite did not start');
    return srv;
  };
  return {
    server,
    async open() {
      const { baseUrl } = server();
      const { context, page } = await newPage(browser!, baseUrl);
      contexts.push(context);
      return page;
    },
  };
}
