import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, buildTestContext, type TestContext } from '../../helpers/app.js';
import { get, INDRA, signIn } from '../desk/actions-helpers.js';
import { followRedirect, formFields, inquiryByEmail, uniqueEmail } from '../inquiries/form-helpers.js';
import { attachmentRows, multipart, pdf, type TestFile } from './attachment-helpers.js';

let t: TestContext;
beforeAll(async () => {
  // Small per-file and per-message limits so a test goes over them with a few kilobytes.
  t = await buildTestContext({ env: { ATTACHMENT_MAX_BYTES: '5000', ATTACHMENTS_MAX_BYTES_PER_MESSAGE: '9000' } });
});
afterAll(async () => {
  await t.close();
});

/** The form as a browser sends it with its file field: multipart, from our own origin. */
function postWithFiles(fields: Record<string, string>, files: TestFile[], lang?: string) {
  return t.request(`/inquiries/new${lang ? `?lang=${lang}` : ''}`, {
    method: 'POST',
    headers: { origin: BASE_URL, 'sec-fetch-site': 'same-origin' },
    body: multipart(fields, files),
    redirect: 'manual',
  });
}

async function storedFor(email: string) {
  const inquiry = await inquiryByEmail(t, email);
  return inquiry ? attachmentRows(t, inquiry.id) : [];
}

describe('the inquiry form with files', () => {
  it('is multipart with an optional file field that states the limits, in the page\'s language', async () => {
    const html = await (await t.request('/inquiries/new?lang=en')).text();
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toMatch(/<input id="f-files" name="files" type="file" multiple/);
    expect(html).toContain('up to 3 files (documents, images, audio or video), at most 4.9 KB each and 8.8 KB together');
    const zh = await (await t.request('/inquiries/new?lang=zh')).text();
    expect(zh).toContain('最多 3 个文件');
  });

  it.each([0, 1, 2, 3])('accepts %i files, stores them with the inquiry (source form) and names them in the officers\' alert', async (count) => {
    const email = uniqueEmail(`files${count}`);
    const files = Array.from({ length: count }, (_, i) => pdf(`brief-${i + 1}.pdf`, 1000 + i));
    const res = await postWithFiles(formFields({ email }), files);
    expect(res.status).toBe(303);
    const rows = await storedFor(email);
    expect(rows.map((r) => [r.filename, r.size, r.source, r.content_type])).toEqual(files.map((f, i) => [f.name, 1000 + i, 'form', 'application/pdf']));

    const inquiry = (await inquiryByEmail(t, email))!;
    const received = await t.db.selectFrom('inquiry_events').select('data').where('inquiry_id', '=', inquiry.id).where('kind', '=', 'received').executeTakeFirstOrThrow();
    expect(((received.data.attachments ?? []) as { filename: string }[]).map((a) => a.filename).sort()).toEqual(files.map((f) => f.name));

    // The alert is rendered when the worker sends it.
    await t.runJobs();
    const alerts = await t.db.selectFrom('emails').select(['text', 'html']).where('inquiry_id', '=', inquiry.id).where('kind', 'in', ['new_inquiry', 'urgent_inquiry']).execute();
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      if (count === 0) expect(alert.text).not.toContain('Attachments:');
      else expect(alert.text).toContain(`Attachments: brief-1.pdf (1000 bytes)`);
    }
  });

  it('sends the alert without attaching the files', async () => {
    const email = uniqueEmail('alert');
    expect((await postWithFiles(formFields({ email }), [pdf('statement.pdf', 1234)])).status).toBe(303);
    const before = t.smtp!.received.length;
    await t.runJobs();
    const mails = (await t.smtp!.waitFor(before + 1)).slice(before).filter((m) => m.parsed.subject?.startsWith('New inquiry') && m.parsed.text?.includes(email));
    expect(mails.length).toBeGreaterThan(0);
    for (const m of mails) {
      expect(m.parsed.text).toContain('Attachments: statement.pdf (1.2 KB); open them in the desk');
      expect(m.parsed.attachments).toEqual([]);
    }
  });

  it('refuses 4 files: the form again with the reason, the text kept, and nothing stored', async () => {
    const email = uniqueEmail('four');
    const res = await postWithFiles(formFields({ email, message: 'Kept message text' }), [pdf('a.pdf', 10), pdf('b.pdf', 10), pdf('c.pdf', 10), pdf('d.pdf', 10)], 'en');
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Choose at most 3 files');
    expect(html).toContain('Kept message text');
    expect(await inquiryByEmail(t, email)).toBeUndefined();
    expect(await t.db.selectFrom('attachments').select('id').where('filename', '=', 'd.pdf').execute()).toEqual([]);
  });

  it('refuses a file over the per-file limit and files over the per-message limit, in the reader\'s language', async () => {
    const big = await postWithFiles(formFields({ email: uniqueEmail('big') }), [pdf('<b>huge</b>.pdf', 5001)], 'ms');
    expect(big.status).toBe(422);
    const html = await big.text();
    expect(html).toContain('Fail “&lt;b&gt;huge&lt;/b&gt;.pdf” terlalu besar: setiap fail paling besar 4.9 KB');
    expect(html).not.toContain('<b>huge');

    const email = uniqueEmail('heavy');
    const heavy = await postWithFiles(formFields({ email }), [pdf('a.pdf', 4000), pdf('b.pdf', 4000), pdf('c.pdf', 4000)], 'en');
    expect(heavy.status).toBe(422);
    expect(await heavy.text()).toContain('The files are too large together: at most 8.8 KB in all');
    expect(await inquiryByEmail(t, email)).toBeUndefined();
  });

  it('keeps only a safe name and type, and the desk shows the name escaped with a download link', async () => {
    const email = uniqueEmail('names');
    const res = await postWithFiles(formFields({ email }), [{ name: '..\\..\\<svg onload=alert(1)>.html', type: 'text/html', content: '<script>alert(1)</script>' }]);
    expect(res.status).toBe(303);
    const [row] = await storedFor(email);
    expect(row).toMatchObject({ filename: '<svg onload=alert(1)>.html', content_type: 'application/octet-stream' });
    expect((await followRedirect(t, res)).res.status).toBe(200);
    const inquiry = (await inquiryByEmail(t, email))!;
    const html = await (await get(t, await signIn(t, INDRA), `/desk/inquiries/${inquiry.id}`)).text();
    expect(html).toContain('&lt;svg onload=alert(1)&gt;.html');
    expect(html).not.toContain('<svg onload');
    expect(html).toContain(`href="/desk/attachments/${row!.id}"`);
  });

  it('still takes the form urlencoded, without files', async () => {
    const email = uniqueEmail('plain');
    const res = await t.request('/inquiries/new', {
      method: 'POST',
      headers: { origin: BASE_URL, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(formFields({ email })).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(await storedFor(email)).toEqual([]);
  });

  it('refuses a multipart body over INQUIRY_FORM_BODY_LIMIT_BYTES before reading it, storing nothing', async () => {
    const small = await buildTestContext({ smtp: false, seed: true, env: { INQUIRY_FORM_BODY_LIMIT_BYTES: '20000' } });
    try {
      const email = uniqueEmail('limit');
      const res = await small.request('/inquiries/new?lang=en', {
        method: 'POST',
        headers: { origin: BASE_URL, 'sec-fetch-site': 'same-origin' },
        body: multipart(formFields({ email }), [pdf('a.pdf', 30_000)]),
        redirect: 'manual',
      });
      expect(res.status).toBe(413);
      expect(await res.text()).toContain('choose smaller files');
      expect(await small.db.selectFrom('inquiries').select('id').where('email', '=', email).execute()).toEqual([]);
    } finally {
      await small.close();
    }
  });
});
