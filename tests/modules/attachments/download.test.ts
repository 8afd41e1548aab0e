import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeAttachments } from '../../../src/modules/attachments/index.js';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { ADMIN, auditOf, DALE, get, INDRA, JUANA, newInquiry, signIn } from '../desk/actions-helpers.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
});
afterAll(async () => {
  await t.close();
});

/** A Malaysian inquiry holding one file, stored as the form or an email would. */
async function inquiryWithFile(filename: string, contentType: string, content: Buffer) {
  const q = await newInquiry(t, {}, { assignee: INDRA });
  const [file] = await t.db.transaction().execute((trx) => storeAttachments(trx, { inquiryId: q.id, source: 'form' }, [{ filename, contentType, content }]));
  return { q, file: file! };
}

describe('GET /desk/attachments/{id}', () => {
  it('serves the bytes to staff who can see the inquiry, always as a download, with nosniff, no caching and a CSP that allows nothing', async () => {
    const content = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const { file } = await inquiryWithFile('photo.png', 'image/png', content);
    for (const email of [INDRA, JUANA, ADMIN]) {
      const res = await get(t, await signIn(t, email), `/desk/attachments/${file.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="photo.png"; filename*=UTF-8''photo.png`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox; frame-ancestors 'none'");
      expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
    }
  });

  it('never serves HTML as HTML: a page sent as text/html comes back as application/octet-stream, as a download', async () => {
    const { file } = await inquiryWithFile('invite.html', 'text/html; charset=utf-8', Buffer.from('<script>alert(document.cookie)</script>'));
    const res = await get(t, await signIn(t, INDRA), `/desk/attachments/${file.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('answers 404 for another office\'s file exactly as for a missing or malformed id, and records the denial', async () => {
    const { q, file } = await inquiryWithFile('brief.pdf', 'application/pdf', Buffer.from('%PDF'));
    const dale = await signIn(t, DALE);
    const denied = await get(t, dale, `/desk/attachments/${file.id}`);
    const missing = await get(t, dale, '/desk/attachments/00000000-0000-4000-8000-000000000000');
    const malformed = await get(t, dale, '/desk/attachments/not-a-uuid');
    expect([denied.status, missing.status, malformed.status]).toEqual([404, 404, 404]);
    const [a, b] = [await denied.text(), await missing.text()];
    expect(a.replace(/[0-9a-f-]{36}/g, '')).toBe(b.replace(/[0-9a-f-]{36}/g, ''));
    expect(a).not.toContain('%PDF');
    expect(await auditOf(t, q.id)).toEqual([expect.objectContaining({ action: 'access.denied', detail: { action: 'download' } })]);
  });

  it('sends a signed-out visitor to sign in', async () => {
    const { file } = await inquiryWithFile('brief.pdf', 'application/pdf', Buffer.from('%PDF'));
    const res = await get(t, null, `/desk/attachments/${file.id}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/desk/sign-in?next=${encodeURIComponent(`/desk/attachments/${file.id}`)}`);
  });

  it('names a file with a path, line breaks and HTML safely: in the header and, escaped, on the inquiry page', async () => {
    const q = await newInquiry(t, {}, { assignee: INDRA });
    const [file] = await t.db.transaction().execute(async (trx) => {
      const stored = await storeAttachments(trx, { inquiryId: q.id, source: 'email' }, [
        { filename: 'C:\\fakepath\\<img src=x onerror=alert(1)>\r\nSet-Cookie: a=b "q".pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') },
      ]);
      // The pipeline lists an emailed reply's files on its follow_up event; the page links them from there.
      await trx
        .insertInto('inquiry_events')
        .values({ inquiry_id: q.id, kind: 'follow_up', data: JSON.stringify({ message: 'See attached', source: 'email', actorName: 'Reporter', attachments: stored }) })
        .execute();
      return stored;
    });
    expect(file!.filename).toBe('<img src=x onerror=alert(1)>Set-Cookie: a=b "q".pdf');
    const indra = await signIn(t, INDRA);
    const res = await get(t, indra, `/desk/attachments/${file!.id}`);
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toBe(
      `attachment; filename="<img src=x onerror=alert(1)>Set-Cookie: a=b _q_.pdf"; filename*=UTF-8''%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3ESet-Cookie%3A%20a%3Db%20%22q%22.pdf`,
    );
    expect(res.headers.get('set-cookie')).toBeNull();
    const html = await (await get(t, indra, `/desk/inquiries/${q.id}`)).text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;Set-Cookie: a=b &quot;q&quot;.pdf');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain(`href="/desk/attachments/${file!.id}"`);
  });
});
