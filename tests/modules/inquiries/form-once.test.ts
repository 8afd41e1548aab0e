import { inquiryLinks } from '../../../src/lib/link-tokens.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, TEST_LINK_SECRET, type TestContext } from '../../helpers/app.js';
import { lockGate } from '../../helpers/lock-gate.js';
import { followRedirect, formFields, inquiryByEmail, postForm } from './form-helpers.js';
import { expectNothingStored } from './problem-assertions.js';

// One inquiry (and one follow-up) per form: the form's one-time token makes a
// second post of the same form — a double click, a browser retry — land on the
// same status page, with nothing stored, queued or sent again.

let t: TestContext;

const gate = lockGate(() => t.db);

beforeAll(async () => {
  t = await buildTestContext({ smtp: true, queue: gate.queue });
});
afterAll(async () => {
  await t.close();
});
afterEach(() => {
  gate.disarm();
});

/** The token of the form a GET renders (or a 422 renders again). */
function tokenIn(html: string): string {
  const m = /<input type="hidden" name="formToken" value="([A-Za-z0-9_-]{22})"\/>/.exec(html);
  if (!m) throw new Error('no form token in the page');
  return m[1]!;
}

async function freshToken(path = '/inquiries/new?lang=en'): Promise<string> {
  return tokenIn(await (await t.request(path)).text());
}

/** What reached the SMTP server for an inquiry (its reference header), after the worker sent what was queued. */
async function deliveredFor(reference: string, reporter: string) {
  await t.runJobs();
  const mine = t.smtp!.received.filter((m) => m.parsed.headers.get('x-pressdesk-reference') === reference);
  const acks = mine.filter((m) => m.envelope.to.includes(reporter));
  const staff = mine.filter((m) => !m.envelope.to.includes(reporter));
  return { acks, staff, staffRecipients: staff.flatMap((m) => m.envelope.to) };
}

async function countFor(email: string) {
  const inquiries = await t.db.selectFrom('inquiries').select('id').where('email', '=', email).execute();
  const emails = await t.db.selectFrom('emails').select('kind').where('to_address', '=', email).execute();
  return { inquiries: inquiries.length, acknowledgements: emails.filter((e) => e.kind === 'acknowledgement').length };
}

describe('the inquiry form posted twice', () => {
  it('twice in a row with the same token → both 303 to the same status page with the "received" notice; one inquiry, one acknowledgement and one alert per officer at the SMTP server', async () => {
    const fields = formFields({ formToken: await freshToken() });
    const first = await postForm(t, fields, { lang: 'en' });
    expect(first.status).toBe(303);
    const second = await expectNothingStored(t, () => postForm(t, fields, { lang: 'en' }));
    expect(second.status).toBe(303);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));

    const row = (await inquiryByEmail(t, fields.email!))!;
    expect(first.headers.get('location')).toBe(`/inquiries/status/${inquiryLinks(TEST_LINK_SECRET, row).statusToken}?lang=en`);
    // The repeat shows the same page with the same one-time notice.
    const again = await followRedirect(t, second);
    expect(again.res.status).toBe(200);
    expect(again.html).toContain(`We have received your inquiry, reference ${row.reference}`);

    expect(await countFor(fields.email!)).toEqual({ inquiries: 1, acknowledgements: 1 });
    const sent = await deliveredFor(row.reference, fields.email!);
    expect(sent.acks).toHaveLength(1);
    expect(sent.staff.length).toBeGreaterThan(0);
    // No officer got the alert twice.
    expect(new Set(sent.staffRecipients).size).toBe(sent.staffRecipients.length);
    const alerts = await t.db.selectFrom('emails').select('id').where('inquiry_id', '=', row.id).where('kind', '=', 'new_inquiry').execute();
    expect(sent.staff).toHaveLength(alerts.length);
  });

  it('twice at the same time with the same token → one request does the work, the other waits and gets the same status page; one inquiry, one acknowledgement', async () => {
    const fields = formFields({ formToken: await freshToken() });
    const before = await t.counts();
    gate.arm(1);
    const [a, b] = await Promise.all([postForm(t, fields, { lang: 'en' }), postForm(t, fields, { lang: 'en' })]);
    expect(gate.observed()).toBe(1);
    expect([a!.status, b!.status]).toEqual([303, 303]);
    expect(a!.headers.get('location')).toBe(b!.headers.get('location'));
    for (const res of [a!, b!]) expect(res.headers.get('set-cookie')).toMatch(/^pd_notice=received;/);

    const after = await t.counts();
    expect(after.inquiries - before.inquiries).toBe(1);
    expect(after.idempotency - before.idempotency).toBe(1);
    const row = (await inquiryByEmail(t, fields.email!))!;
    expect(a!.headers.get('location')).toBe(`/inquiries/status/${inquiryLinks(TEST_LINK_SECRET, row).statusToken}?lang=en`);
    const sent = await deliveredFor(row.reference, fields.email!);
    expect(sent.acks).toHaveLength(1);
    expect(new Set(sent.staffRecipients).size).toBe(sent.staffRecipients.length);
    expect(sent.staff.length).toBeGreaterThan(0);
  });

  it('the same token with a changed text → 409 page saying the form was already sent; nothing stored, the first inquiry unchanged', async () => {
    const fields = formFields({ formToken: await freshToken() });
    expect((await postForm(t, fields, { lang: 'en' })).status).toBe(303);
    const changed = { ...fields, message: 'A different question altogether, typed after going back.' };
    const res = await expectNothingStored(t, () => postForm(t, changed, { lang: 'en' }));
    expect(res.status).toBe(409);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<h1>This form was already sent</h1>');
    expect(html).toContain('href="/inquiries/new?lang=en">Open a new form</a>');
    expect(html).not.toContain('/inquiries/status/');
    expect((await inquiryByEmail(t, fields.email!))!.message).toBe(fields.message);
  });

  it('a validation error shows the form again with the same token; the corrected post is the one inquiry, and posting it again replays it', async () => {
    const token = await freshToken('/inquiries/new?lang=ms');
    const fields = formFields({ formToken: token });
    const wrong = await expectNothingStored(t, () => postForm(t, { ...fields, email: 'not-an-address' }, { lang: 'ms' }));
    expect(wrong.status).toBe(422);
    expect(tokenIn(await wrong.text())).toBe(token);

    const right = await postForm(t, fields, { lang: 'ms' });
    expect(right.status).toBe(303);
    const repeat = await postForm(t, fields, { lang: 'ms' });
    expect(repeat.headers.get('location')).toBe(right.headers.get('location'));
    expect(await countFor(fields.email!)).toEqual({ inquiries: 1, acknowledgements: 1 });
  });

  it('a post with no token (a page from before tokens, a script) is still accepted, one inquiry per post; a form shown again after an error gets a token', async () => {
    const fields = formFields();
    expect('formToken' in fields).toBe(false);
    expect((await postForm(t, fields, { lang: 'en' })).status).toBe(303);
    expect((await postForm(t, fields, { lang: 'en' })).status).toBe(303);
    expect((await countFor(fields.email!)).inquiries).toBe(2);

    const wrong = await postForm(t, { ...formFields(), subject: '' }, { lang: 'en' });
    expect(wrong.status).toBe(422);
    expect(tokenIn(await wrong.text())).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('a token that is not one of ours → 400 page, nothing stored', async () => {
    for (const formToken of ['short', `${'a'.repeat(21)}!`, 'b'.repeat(23), '<script>x</script>']) {
      const res = await expectNothingStored(t, () => postForm(t, formFields({ formToken }), { lang: 'en' }));
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('Form not accepted');
      expect(html).not.toContain('<script>x');
    }
  });

  it('a filled honeypot with a token is still thanked and dropped, twice, and the token is not used up', async () => {
    const token = await freshToken();
    const bot = formFields({ formToken: token, website: 'https://spam.example' });
    for (let i = 0; i < 2; i++) {
      const res = await expectNothingStored(t, () => postForm(t, bot, { lang: 'en' }));
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Thank you');
    }
    expect(await t.db.selectFrom('idempotency_keys').select('key').where('key', 'like', `%${token}`).execute()).toEqual([]);
  });

  it('a repeat of an answered form is not counted against the intake limit', async () => {
    const limited = await buildTestContext({ smtp: false, env: { INTAKE_MAX_PER_CLIENT: '1' } });
    try {
      const page = await limited.request('/inquiries/new?lang=en');
      const fields = formFields({ formToken: tokenIn(await page.text()) });
      const first = await postForm(limited, fields, { lang: 'en' });
      expect(first.status).toBe(303);
      const repeat = await postForm(limited, fields, { lang: 'en' });
      expect(repeat.status).toBe(303);
      expect(repeat.headers.get('location')).toBe(first.headers.get('location'));
      // A new form from the same address is over the limit.
      expect((await postForm(limited, formFields(), { lang: 'en' })).status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('the follow-up form posted twice', () => {
  async function newInquiry() {
    const fields = formFields({ formToken: await freshToken() });
    const res = await postForm(t, fields, { lang: 'en' });
    const path = res.headers.get('location')!.split('?')[0]!;
    const row = (await inquiryByEmail(t, fields.email!))!;
    await t.runJobs();
    return { path, row };
  }
  const followUpToken = async (path: string) => tokenIn(await (await t.request(`${path}?lang=en`)).text());
  const postFollowUp = (path: string, fields: Record<string, string>) => postForm(t, fields, { path: `${path}/follow-up?lang=en` });

  async function followUps(inquiryId: string) {
    const events = await t.db.selectFrom('inquiry_events').select('kind').where('inquiry_id', '=', inquiryId).where('kind', 'in', ['follow_up', 'follow_up_notified']).execute();
    const notices = await t.db.selectFrom('emails').select('id').where('inquiry_id', '=', inquiryId).where('kind', '=', 'follow_up').execute();
    return { followUps: events.filter((e) => e.kind === 'follow_up').length, notified: events.filter((e) => e.kind === 'follow_up_notified').length, emails: notices.length };
  }

  it('twice in a row → both 303 to the status page with the "sent" notice; one message in the thread, the officer notified once over SMTP', async () => {
    const { path, row } = await newInquiry();
    const fields = { formToken: await followUpToken(path), message: 'One more detail: we publish on Friday.' };
    const first = await postFollowUp(path, fields);
    expect(first.status).toBe(303);
    const second = await expectNothingStored(t, () => postFollowUp(path, fields));
    expect(second.status).toBe(303);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(second.headers.get('set-cookie')).toMatch(/^pd_notice=sent;/);

    expect(await followUps(row.id)).toEqual({ followUps: 1, notified: 1, emails: expect.any(Number) });
    const page = await (await t.request(`${path}?lang=en`)).text();
    expect(page.match(/we publish on Friday/g)).toHaveLength(1);

    await t.runJobs();
    const notices = t.smtp!.received.filter(
      (m) => m.parsed.headers.get('x-pressdesk-reference') === row.reference && (m.parsed.subject ?? '').includes('wrote again'),
    );
    const { emails } = await followUps(row.id);
    expect(emails).toBeGreaterThan(0);
    expect(notices).toHaveLength(emails);
    expect(new Set(notices.flatMap((m) => m.envelope.to)).size).toBe(notices.length);
  });

  it('twice at the same time → one message, one notification, both answered with the same redirect', async () => {
    const { path, row } = await newInquiry();
    const fields = { formToken: await followUpToken(path), message: 'Sent twice at once by an impatient browser.' };
    gate.arm(1);
    const [a, b] = await Promise.all([postFollowUp(path, fields), postFollowUp(path, fields)]);
    expect(gate.observed()).toBe(1);
    expect([a!.status, b!.status]).toEqual([303, 303]);
    expect(a!.headers.get('location')).toBe(b!.headers.get('location'));
    const counted = await followUps(row.id);
    expect(counted.followUps).toBe(1);
    expect(counted.notified).toBe(1);
  });

  it('the same token with another message → 409 page, nothing added; a validation error keeps the token for the corrected post', async () => {
    const { path, row } = await newInquiry();
    const token = await followUpToken(path);
    const empty = await expectNothingStored(t, () => postFollowUp(path, { formToken: token, message: '   ' }));
    expect(empty.status).toBe(422);
    expect(tokenIn(await empty.text())).toBe(token);

    expect((await postFollowUp(path, { formToken: token, message: 'The first message.' })).status).toBe(303);
    const other = await expectNothingStored(t, () => postFollowUp(path, { formToken: token, message: 'A second, different message.' }));
    expect(other.status).toBe(409);
    const html = await other.text();
    expect(html).toContain('<h1>This message was already sent</h1>');
    expect(html).toContain(`href="${path}?lang=en"`);
    expect((await followUps(row.id)).followUps).toBe(1);

    // A token that is not one of ours → 400, nothing added; without a token each post adds a message, as before.
    expect((await expectNothingStored(t, () => postFollowUp(path, { formToken: 'nope', message: 'Hello' }))).status).toBe(400);
    expect((await postFollowUp(path, { message: 'No token here.' })).status).toBe(303);
    expect((await postFollowUp(path, { message: 'No token here.' })).status).toBe(303);
    expect((await followUps(row.id)).followUps).toBe(3);
  });
});
