import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateLinks } from '../../../src/lib/link-tokens.js';
import { BASE_URL, buildTestContext, type TestContext } from '../../helpers/app.js';
import { DEMO_ARTICLE, followRedirect, formFields, inquiryByEmail, postForm, tagWithId, uniqueEmail } from './form-helpers.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ smtp: true });
});
afterAll(async () => {
  await t.close();
});

describe('POST /inquiries/new: a valid form', () => {
  it('303 to the status page in the page language, stored with the privacy notice version, source form, one-time "received" notice', async () => {
    const fields = formFields({ topic: 'health', phone: '+60 3 1234 5678' });
    const res = await postForm(t, fields, { lang: 'ms' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/inquiries\/status\/[A-Za-z0-9_-]{43}\?lang=ms$/);

    const row = await inquiryByEmail(t, fields.email!);
    expect(row).toMatchObject({
      name: 'Nur Aisyah binti Ahmad',
      outlet: 'Berita Harian',
      outlet_type: 'newspaper',
      country: 'MY',
      language: 'ms',
      topic: 'health',
      phone: '+60 3 1234 5678',
      involves_children: false,
      privacy_notice_version: t.config.PRIVACY_NOTICE_VERSION,
      source: 'form',
      deadline: null,
    });
    expect(row!.consented_at).toEqual(new Date('2026-11-30T02:00:00Z'));
    expect(location).toContain(privateLinks(t.config, row!).statusToken);

    // The status page, in Malay, with the notice naming the reference and who answers.
    const first = await followRedirect(t, res);
    expect(first.res.status).toBe(200);
    expect(first.html).toContain('<html lang="ms">');
    expect(first.html).toContain(`Kami telah menerima pertanyaan anda, nombor rujukan ${row!.reference}.`);
    expect(first.html).toMatch(/role="status"/);
    // One time only: the cookie is cleared, and without it the page has no notice.
    expect(first.res.headers.get('set-cookie')).toMatch(/pd_notice=;.*Max-Age=0/i);
    const again = await t.request(location);
    const html = await again.text();
    expect(html).toContain(row!.reference);
    expect(html).not.toContain('Kami telah menerima pertanyaan anda');
  });

  it('the deadline is read in the zone the reporter chose, or their country\'s (MY → Asia/Kuala_Lumpur), and stored as an instant', async () => {
    const mine = formFields({ deadlineDate: '2026-12-02', deadlineTime: '17:00', deadlineZone: 'country', country: 'MY' });
    expect((await postForm(t, mine, { lang: 'en' })).status).toBe(303);
    expect((await inquiryByEmail(t, mine.email!))!.deadline).toEqual(new Date('2026-12-02T09:00:00Z'));

    const london = formFields({ deadlineDate: '2026-12-02', deadlineTime: '17:00', deadlineZone: 'Europe/London', country: 'MY' });
    expect((await postForm(t, london, { lang: 'en' })).status).toBe(303);
    const row = (await inquiryByEmail(t, london.email!))!;
    expect(row.deadline).toEqual(new Date('2026-12-02T17:00:00Z'));
    // The status page shows it in the office's zone and in the reporter's own.
    const page = await (await t.request(`/inquiries/status/${privateLinks(t.config, row).statusToken}?lang=en`)).text();
    expect(page).toContain('2 December 2026 at 17:00'); // London
    expect(page).toContain('3 December 2026 at 01:00'); // Kuala Lumpur
    expect(page).toContain('your time');

    // A country with no zone preference of ours: the first zone listed (France → Europe/Paris, UTC+1 in December).
    const paris = formFields({ deadlineDate: '2026-12-02', deadlineTime: '17:00', country: 'FR' });
    expect((await postForm(t, paris, { lang: 'en' })).status).toBe(303);
    expect((await inquiryByEmail(t, paris.email!))!.deadline).toEqual(new Date('2026-12-02T16:00:00Z'));
  });

  it('opened from a release: the article is carried and routes the inquiry like the API does', async () => {
    const fields = formFields({ articleSlug: DEMO_ARTICLE });
    expect((await postForm(t, fields, { lang: 'en' })).status).toBe(303);
    const row = (await inquiryByEmail(t, fields.email!))!;
    const article = await t.db.selectFrom('articles').select('id').where('slug', '=', DEMO_ARTICLE).executeTakeFirstOrThrow();
    expect(row.article_id).toBe(article.id);
  });

  it('children = yes → flagged for the officer, and the acknowledgement (over SMTP, in the chosen language) carries the guidelines link', async () => {
    const fields = formFields({ involvesChildren: 'yes', language: 'zh' });
    expect((await postForm(t, fields, { lang: 'en' })).status).toBe(303);
    const row = (await inquiryByEmail(t, fields.email!))!;
    expect(row.involves_children).toBe(true);
    expect(row.language).toBe('zh');

    await t.runJobs();
    const ack = t.smtp!.received.find((m) => m.envelope.to.includes(fields.email!));
    expect(ack).toBeDefined();
    expect(ack!.parsed.subject).toContain('我们已收到您的问询');
    expect(ack!.parsed.text).toContain('阅读儿童报道伦理准则');
    expect(ack!.parsed.text).toContain(`${BASE_URL}/guidelines/children`);
    expect(ack!.parsed.html).toContain(`href="${BASE_URL}/guidelines/children"`);

    // The officers' alert says so too, and the desk shows the flag (its own test covers the page).
    const alert = t.smtp!.received.find((m) => !m.envelope.to.includes(fields.email!) && (m.parsed.subject ?? '').includes(row.reference));
    expect(alert!.parsed.text).toMatch(/children/i);

    // Control: children = no → no guidelines in the acknowledgement.
    const other = formFields({ involvesChildren: 'no', language: 'en' });
    expect((await postForm(t, other, { lang: 'en' })).status).toBe(303);
    await t.runJobs();
    const plain = t.smtp!.received.find((m) => m.envelope.to.includes(other.email!));
    expect(plain!.parsed.text).not.toContain('/guidelines/children');
  });
});

describe('POST /inquiries/new: errors beside the fields, in the page language, with what was typed kept', () => {
  const broken = () =>
    formFields({
      name: '',
      email: 'not-an-email',
      subject: 'x'.repeat(201),
      message: '<script>alert("x")</script> Soalan saya',
      outlet: 'Outlet "quoted" & <b>bold</b>',
      involvesChildren: '',
      consent: '',
      deadlineDate: '2026-12-02',
      deadlineTime: '',
    });

  it.each([
    ['en', 'There is a problem', 'Enter your name', 'Enter an email address such as name@example.com', 'Use at most 200 characters', 'Answer yes or no', 'Tick the box to accept the privacy notice', 'Enter the time of your deadline too'],
    ['zh', '表单有误', '请填写您的姓名', '请填写有效的电子邮箱，例如 name@example.com', '最多 200 个字符', '请选择“是”或“否”', '请勾选同意隐私声明', '请同时填写截稿时间'],
    ['ms', 'Terdapat masalah', 'Masukkan nama anda', 'Masukkan alamat e-mel seperti nama@example.com', 'Gunakan tidak lebih daripada 200 aksara', 'Jawab ya atau tidak', 'Tandakan kotak untuk menerima notis privasi', 'Masukkan juga masa bagi tarikh akhir anda'],
  ])('in %s: 422, an error summary linking to each field, each error beside its field, nothing stored', async (lang, summary, name, email, tooLong, children, consent, deadline) => {
    const before = await t.counts();
    const fields = broken();
    const res = await postForm(t, fields, { lang });
    expect(res.status).toBe(422);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain(`<h2 id="error-summary-title">${summary}</h2>`);
    expect(html).toMatch(/class="error-summary" role="alert"/);
    const beside: [string, string][] = [
      ['name', name],
      ['email', email],
      ['subject', tooLong],
      ['involvesChildren', children],
      ['consent', consent],
      ['deadline', deadline],
    ];
    for (const [field, text] of beside) {
      // In the summary, linking to the field…
      expect(html, field).toContain(`<a href="#f-${field}">${text}</a>`);
      // …and beside it, tied to the control by aria-describedby.
      expect(html, field).toContain(`<p class="error field-error" id="f-${field}-error">${text}</p>`);
    }
    for (const id of ['f-name', 'f-email', 'f-subject', 'f-consent']) {
      expect(tagWithId(html, id), id).toContain('aria-invalid="true"');
      expect(tagWithId(html, id), id).toMatch(new RegExp(`aria-describedby="[^"]*${id}-error`));
    }
    // Fields that were fine carry no error.
    expect(tagWithId(html, 'f-outlet')).not.toContain('aria-invalid');
    expect(await t.counts()).toEqual(before);
  });

  it('what was typed comes back escaped; a <script> value is text, never markup', async () => {
    const res = await postForm(t, broken(), { lang: 'en' });
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Soalan saya</textarea>');
    expect(tagWithId(html, 'f-outlet')).toContain('value="Outlet &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"');
    expect(tagWithId(html, 'f-email')).toContain('value="not-an-email"');
    expect(tagWithId(html, 'f-subject')).toContain(`value="${'x'.repeat(201)}"`);
    expect(tagWithId(html, 'f-deadline')).toContain('value="2026-12-02"');
    expect(html).toContain('<option value="MY" selected="">');
  });

  it('the use case\'s own rules come back beside the fields too: a deadline in the past, an unknown topic', async () => {
    const before = await t.counts();
    const fields = formFields({ deadlineDate: '2026-11-29', deadlineTime: '09:00', topic: 'no-such-topic' });
    const res = await postForm(t, fields, { lang: 'ms' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<p class="error field-error" id="f-deadline-error">Tarikh akhir anda mestilah pada masa hadapan</p>');
    expect(html).toContain('<a href="#f-topic">Pilih topik daripada senarai</a>');
    expect(await t.counts()).toEqual(before);
  });

  it('an unknown time zone, or a CR/LF in a one-line field, is refused with a readable message', async () => {
    const zone = await postForm(t, formFields({ deadlineDate: '2026-12-02', deadlineTime: '10:00', deadlineZone: 'Mars/Olympus' }), { lang: 'en' });
    expect(zone.status).toBe(422);
    expect(await zone.text()).toContain('Choose a time zone from the list');
    const crlf = await postForm(t, formFields({ subject: 'Hello\r\nBcc: victim@example.com' }), { lang: 'en' });
    expect(crlf.status).toBe(422);
    expect(await crlf.text()).toContain('id="f-subject-error">Use a single line, without line breaks</p>');
  });
});

describe('honeypot, cross-site and wrong content type', () => {
  it('a filled honeypot → a thank-you page like a success, and nothing is stored or queued', async () => {
    const before = await t.counts();
    const fields = formFields({ website: 'http://spam.example' });
    const res = await postForm(t, fields, { lang: 'en' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Thank you</h1>');
    expect(html).toContain('Your inquiry was sent to the press office.');
    expect(await t.counts()).toEqual(before);
    expect(await inquiryByEmail(t, fields.email!)).toBeUndefined();
    // Even with nothing else valid: a bot learns nothing from the answer.
    const junk = await postForm(t, { website: 'x', email: 'junk' }, { lang: 'zh' });
    expect(junk.status).toBe(200);
    expect(await junk.text()).toContain('<h1>谢谢</h1>');
    expect(await t.counts()).toEqual(before);
  });

  it.each([
    ['another Origin', { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site', origin: '' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site', origin: '' }],
  ])('a cross-site post (%s) → 403 page in the page language, nothing stored', async (_label, headers) => {
    const before = await t.counts();
    const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''));
    const res = await t.request('/inquiries/new?lang=ms', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...clean },
      body: new URLSearchParams(formFields()).toString(),
    });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('<html lang="ms">');
    expect(html).toContain('Borang tidak diterima');
    expect(await t.counts()).toEqual(before);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['JSON', 'application/json'],
  ])('a %s body → readable 415 page, nothing stored', async (_label, type) => {
    const before = await t.counts();
    const res = await t.request('/inquiries/new?lang=en', {
      method: 'POST',
      headers: { origin: BASE_URL, 'content-type': type },
      body: new URLSearchParams(formFields()).toString(),
    });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('The form was sent in a format we do not accept.');
    expect(await t.counts()).toEqual(before);
  });

  // Multipart is the form's own format now (it takes files), but only when it parses.
  it('a multipart body that does not parse → readable 400 page, nothing stored', async () => {
    const before = await t.counts();
    const res = await t.request('/inquiries/new?lang=en', {
      method: 'POST',
      headers: { origin: BASE_URL, 'content-type': 'multipart/form-data; boundary=x' },
      body: new URLSearchParams(formFields()).toString(),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('The form was sent in a format we do not accept.');
    expect(await t.counts()).toEqual(before);
  });

  it('a same-origin post with no Origin header (an older browser) is accepted', async () => {
    const fields = formFields();
    const res = await t.request('/inquiries/new?lang=en', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(await inquiryByEmail(t, fields.email!)).toBeDefined();
  });

  it('a body over the limit → 413 page, nothing stored', async () => {
    const before = await t.counts();
    const res = await postForm(t, formFields({ message: 'x'.repeat(t.config.BODY_LIMIT_BYTES * 2 + 10) }), { lang: 'en' });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('Too much text');
    expect(await t.counts()).toEqual(before);
  });

  it('the unique address helper really is unique (sanity)', () => {
    expect(uniqueEmail()).not.toBe(uniqueEmail());
  });
});
