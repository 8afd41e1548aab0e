import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { DALE, events, formVersion, get, INDRA, JUANA, newInquiry, row, signIn } from '../desk/actions-helpers.js';
import { attachmentRows, deskMultipart, pdf } from './attachment-helpers.js';

// Small limits so a test can go over each of them with a few kilobytes.
let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({
    env: {
      ATTACHMENT_MAX_BYTES: '4000',
      ATTACHMENTS_MAX_PER_MESSAGE: '3',
      ATTACHMENTS_MAX_BYTES_PER_MESSAGE: '6000',
      ATTACHMENTS_MAX_BYTES_PER_INQUIRY: '9000',
    },
  });
});
afterAll(async () => {
  await t.close();
});

const page = async (s: Awaited<ReturnType<typeof signIn>>, id: string) => (await get(t, s, `/desk/inquiries/${id}?compose=1`)).text();

async function replyWithFiles(s: Awaited<ReturnType<typeof signIn>>, id: string, files: Parameters<typeof deskMultipart>[4], text = 'Please find the statement attached.') {
  return deskMultipart(t, s, `/desk/inquiries/${id}/reply`, { version: formVersion(await page(s, id)), text, status: 'answered' }, files);
}

describe('a desk reply with files', () => {
  it('offers a multipart reply form with a file field that states the limits', async () => {
    const q = await newInquiry(t, {}, { assignee: INDRA });
    const html = await page(await signIn(t, INDRA), q.id);
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toMatch(/<input id="reply-files" type="file" name="files" multiple/);
    expect(html).toContain('Up to 3 files, 3.9 KB each and 5.9 KB together');
  });

  it('sends them to the reporter as MIME attachments, stores them with the email and lists them in the thread', async () => {
    const q = await newInquiry(t, {}, { assignee: INDRA });
    const indra = await signIn(t, INDRA);
    const statement = Buffer.from('%PDF-1.7 statement');
    const res = await replyWithFiles(indra, q.id, [
      { name: 'statement.pdf', type: 'application/pdf', content: statement },
      { name: '数据.csv', type: 'text/csv', content: 'year,children\n2026,12\n' },
    ]);
    expect(res.status).toBe(303);

    const rows = await attachmentRows(t, q.id);
    expect(rows.map((r) => [r.filename, r.content_type, r.size, r.source])).toEqual([
      ['statement.pdf', 'application/pdf', statement.length, 'reply'],
      ['数据.csv', 'text/csv', 22, 'reply'],
    ]);
    const replied = (await events(t, q.id)).at(-1)!;
    expect(replied.kind).toBe('replied');
    expect(rows.every((r) => r.email_id === replied.data.emailId)).toBe(true);
    expect((replied.data.attachments as { filename: string }[]).map((a) => a.filename).sort()).toEqual(['statement.pdf', '数据.csv']);

    await t.runJobs();
    const mail = (await t.smtp!.waitFor(1)).find((m) => m.envelope.to[0] === q.reporterEmail && m.parsed.subject?.startsWith('Re: '))!;
    expect(mail).toBeDefined();
    const sent = mail.parsed.attachments.map((a) => ({ filename: a.filename, type: a.contentType, disposition: a.contentDisposition, content: a.content.toString('utf8') }));
    expect(sent.sort((a, b) => a.filename!.localeCompare(b.filename!))).toEqual([
      { filename: 'statement.pdf', type: 'application/pdf', disposition: 'attachment', content: '%PDF-1.7 statement' },
      { filename: '数据.csv', type: 'text/csv', disposition: 'attachment', content: 'year,children\n2026,12\n' },
    ]);
    expect(mail.parsed.text).toContain('Please find the statement attached.');

    const html = await page(indra, q.id);
    for (const r of rows) expect(html).toContain(`href="/desk/attachments/${r.id}"`);
    expect(html).toContain('数据.csv');
  });

  it('refuses a file over the per-file limit with a readable error, and stores and sends nothing', async () => {
    const q = await newInquiry(t, {}, { assignee: INDRA });
    const indra = await signIn(t, INDRA);
    const before = await row(t, q.id);
    const res = await replyWithFiles(indra, q.id, [pdf('small.pdf', 100), pdf('huge.pdf', 4001)], 'Text that is kept');
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Attachments: The file &quot;huge.pdf&quot; is 3.9 KB; each file may be at most 3.9 KB.');
    expect(html).toContain('Text that is kept');
    expect(await attachmentRows(t, q.id)).toEqual([]);
    const after = await row(t, q.id);
    expect(after.version).toBe(before.version);
    expect(after.status).toBe(before.status);
    const replies = await t.db.selectFrom('emails').select('id').where('inquiry_id', '=', q.id).where('kind', '=', 'reply').execute();
    expect(replies).toEqual([]);
  });

  it('refuses too many files or too many bytes in one reply', async () => {
    const q = await newInquiry(t, {}, { assignee: INDRA });
    const indra = await signIn(t, INDRA);
    const many = await replyWithFiles(indra, q.id, [pdf('a.pdf', 10), pdf('b.pdf', 10), pdf('c.pdf', 10), pdf('d.pdf', 10)]);
    expect(many.status).toBe(422);
    expect(await many.text()).toContain('At most 3 files can be attached at once; 4 were sent.');
    const heavy = await replyWithFiles(indra, q.id, [pdf('a.pdf', 3000), pdf('b.pdf', 3001)]);
    expect(heavy.status).toBe(422);
    expect(await heavy.text()).toContain('at most 5.9 KB can be attached at once');
    expect(await attachmentRows(t, q.id)).toEqual([]);
  });

  it('refuses the reply that would take the inquiry over its limit, counting the files already there', async () => {
    const q = await newInquiry(t, {}, { assignee: INDRA });
    const indra = await signIn(t, INDRA);
    expect((await replyWithFiles(indra, q.id, [pdf('one.pdf', 3000), pdf('two.pdf', 3000)])).status).toBe(303);
    const res = await replyWithFiles(indra, q.id, [pdf('three.pdf', 3001)]);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('This inquiry may hold at most 8.8 KB of files; 2.9 KB is left, and these come to 2.9 KB.');
    expect((await attachmentRows(t, q.id)).map((r) => r.filename)).toEqual(['one.pdf', 'two.pdf']);
    expect((await replyWithFiles(indra, q.id, [pdf('three.pdf', 3000)])).status).toBe(303);
  });

  it('still sends a reply without files from the same form', async () => {
    const q = await newInquiry(t, {}, { assignee: JUANA });
    const juana = await signIn(t, JUANA);
    const res = await deskMultipart(t, juana, `/desk/inquiries/${q.id}/reply`, { version: formVersion(await page(juana, q.id)), text: 'No files here.' }, []);
    expect(res.status).toBe(303);
    expect((await row(t, q.id)).status).toBe('answered');
    expect(await attachmentRows(t, q.id)).toEqual([]);
  });

  it('is refused for another office\'s inquiry like a missing one, storing nothing', async () => {
    const q = await newInquiry(t, {}, { assignee: INDRA });
    const dale = await signIn(t, DALE);
    const res = await deskMultipart(t, dale, `/desk/inquiries/${q.id}/reply`, { version: 1, text: 'Not mine' }, [pdf('x.pdf', 10)]);
    expect(res.status).toBe(404);
    expect(await attachmentRows(t, q.id)).toEqual([]);
  });
});
