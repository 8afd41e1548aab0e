import { SEND_SIGN_IN_LINK_TASK } from '../../../src/modules/auth/signin.usecases.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { createSmtpMailer } from '../../../src/modules/mail/mail.transport.js';
import { buildTestContext, validInquiry, type TestContext } from '../../helpers/app.js';
import { Agent, createStaffUser } from '../auth/cookie-jar.js';

// Captured mail (no SMTP_URL) holds sign-in links, reporters' private status links and
// officers' alerts. Only a signed-in admin may read it, and not even an admin a sign-in link.

const ADMIN = 'desk.admin@example.org';
const SIGN_IN_LINK = '/desk/sign-in/link/';
const STATUS_LINK = '/inquiries/status/';

let t: TestContext;
/** The same database and config with a real SMTP mailer: where /dev/mailbox is not mounted at all. */
let smtpMode: TestContext;
let statusUrl: string;
let ids: { signIn: string[]; other: string[] };

const variants = (id: string) => [`/dev/mailbox/${id}`, `/dev/mailbox/${id}/html`, `/dev/mailbox/${id}/raw`, `/dev/mailbox/${id}/text`];

async function allIds() {
  const rows = await t.db.selectFrom('emails').select(['id', 'kind']).execute();
  return {
    signIn: rows.filter((r) => r.kind === 'sign_in_link').map((r) => r.id),
    other: rows.filter((r) => r.kind !== 'sign_in_link').map((r) => r.id),
  };
}

beforeAll(async () => {
  t = await buildTestContext({ smtp: false, env: { TRUST_PROXY: 'true' } });
  expect(t.deps.mailer.mode).toBe('capture');
  const smtpApp = createApp({ ...t.deps, mailer: createSmtpMailer('smtp://127.0.0.1:9') });
  smtpMode = { ...t, app: smtpApp, request: (p, init) => Promise.resolve(smtpApp.request(p, init)) };

  const officer = await createStaffUser(t);
  for (const email of [ADMIN, officer.email]) {
    expect((await new Agent(t).post('/desk/sign-in/link', { email })).status).toBe(200);
  }
  // The request only enqueues; its job writes the email, still queued for sending.
  await t.runJobs([SEND_SIGN_IN_LINK_TASK]);
  const res = await t.postJson('/api/inquiries', validInquiry({ email: 'mailbox.reporter@example.com' }));
  expect(res.status).toBe(201);
  statusUrl = ((await res.json()) as { statusUrl: string }).statusUrl;
  expect(statusUrl).toContain(STATUS_LINK);
  ids = await allIds();
  expect(ids.signIn).toHaveLength(2);
  expect(ids.other.length).toBeGreaterThanOrEqual(2);
});
afterAll(async () => {
  await t.close();
});

/** What a missing page answers at the same address when the mailbox is not mounted at all. */
async function expectSameAsMissing(res: Response, path: string) {
  const missing = await smtpMode.request(path);
  expect(missing.status).toBe(404);
  expect(res.status).toBe(404);
  expect(res.headers.get('content-type')).toBe(missing.headers.get('content-type'));
  expect(await res.text()).toBe(await missing.text());
}

describe('captured mail while the sign-in emails are still queued (their body still holds the link)', () => {
  it('the queued sign-in email really holds a link, so the checks below could fail', async () => {
    const rows = await t.db.selectFrom('emails').select('text').where('id', 'in', ids.signIn).execute();
    for (const r of rows) expect(r.text).toContain(SIGN_IN_LINK);
  });

  it('an admin sees every message listed, and no page of a sign-in email shows its body', async () => {
    const admin = new Agent(t);
    expect((await admin.signIn(ADMIN)).status).toBe(303);
    const list = await admin.get('/dev/mailbox');
    expect(list.status).toBe(200);
    const html = await list.text();
    for (const id of [...ids.signIn, ...ids.other]) expect(html).toContain(`/dev/mailbox/${id}`);
    for (const id of ids.signIn) {
      for (const path of variants(id)) expect(await (await admin.get(path)).text()).not.toContain(SIGN_IN_LINK);
    }
  });
});

describe('captured mail once the worker has captured everything', () => {
  beforeAll(async () => {
    await t.runJobs();
    const statuses = await t.db.selectFrom('emails').select('status').distinct().execute();
    expect(statuses.map((s) => s.status)).toEqual(['captured']);
  });

  it('a captured sign-in email is stored without its link: body blanked, no raw message kept', async () => {
    const rows = await t.db.selectFrom('emails').select(['html', 'text', 'raw']).where('id', 'in', ids.signIn).execute();
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(`${r.html}${r.text}`).not.toContain(SIGN_IN_LINK);
      expect(r.text).toContain('removed');
      expect(r.raw).toBeNull();
    }
    const others = await t.db.selectFrom('emails').select('raw').where('id', 'in', ids.other).execute();
    for (const r of others) expect(r.raw).not.toBeNull();
  });

  it('an anonymous client (no cookies) gets the 404 of a missing page for the list and every message, by real id, in every variant', async () => {
    for (const path of ['/dev/mailbox', '/dev/mailbox/', ...[...ids.signIn, ...ids.other].flatMap(variants)]) {
      const res = await t.request(path);
      const body = await res.clone().text();
      expect(body).not.toContain(SIGN_IN_LINK);
      expect(body).not.toContain(STATUS_LINK);
      await expectSameAsMissing(res, path);
    }
  });

  it('a signed-in officer who is not an admin gets the same 404, and no status or sign-in link', async () => {
    const officer = new Agent(t);
    expect((await officer.signIn('juana.jaafar@example.org')).status).toBe(303);
    for (const path of ['/dev/mailbox', ...[...ids.signIn, ...ids.other].flatMap(variants)]) {
      const res = await officer.get(path);
      const body = await res.clone().text();
      expect(body).not.toContain(STATUS_LINK);
      expect(body).not.toContain(SIGN_IN_LINK);
      await expectSameAsMissing(res, path);
    }
  });

  it("an admin reads the acknowledgement with the reporter's status link, never a sign-in link; the pages are not cached", async () => {
    const admin = new Agent(t);
    expect((await admin.signIn(ADMIN)).status).toBe(303);
    const list = await admin.get('/dev/mailbox');
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('no-store');
    const listed = await list.text();
    expect(listed).toContain('mailbox.reporter@example.com');
    expect(listed).toContain('sign_in_link');

    const seen: string[] = [];
    for (const id of ids.other) {
      const page = await admin.get(`/dev/mailbox/${id}`);
      expect(page.status).toBe(200);
      seen.push(await page.text());
      const part = await admin.get(`/dev/mailbox/${id}/html`);
      expect(part.status).toBe(200);
      seen.push(await part.text());
    }
    expect(seen.join('\n')).toContain(statusUrl);
    for (const id of ids.signIn) {
      const page = await admin.get(`/dev/mailbox/${id}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('never shown here');
      expect((await admin.get(`/dev/mailbox/${id}/html`)).status).toBe(404);
    }
    for (const id of [...ids.signIn, ...ids.other]) {
      for (const path of variants(id)) expect(await (await admin.get(path)).text()).not.toContain(SIGN_IN_LINK);
    }
  });

  it('with a real SMTP server the mailbox is not mounted: even an admin gets 404', async () => {
    const admin = new Agent(smtpMode);
    expect((await admin.signIn(ADMIN)).status).toBe(303);
    expect((await admin.get('/desk/admin/audit')).status).toBe(200);
    for (const path of ['/dev/mailbox', ...variants(ids.other[0]!)]) expect((await admin.get(path)).status).toBe(404);
  });
});
