import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attachmentLimits,
  checkAttachments,
  inquiryAttachmentBytes,
  inquiryAttachments,
  loadAttachment,
  safeContentType,
  safeFilename,
  storeAttachments,
  type AttachmentLimits,
  type IncomingFile,
} from '../../../src/modules/attachments/index.js';
import { buildTestContext, validInquiry, type TestContext } from '../../helpers/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
});
afterAll(async () => {
  await t.close();
});

const file = (filename: string, bytes: number, contentType = 'application/pdf'): IncomingFile => ({
  filename,
  contentType,
  content: Buffer.alloc(bytes, 0x61),
});

const small: AttachmentLimits = { maxFileBytes: 100, maxFilesPerMessage: 3, maxBytesPerMessage: 250, maxBytesPerInquiry: 400 };

async function newInquiry(): Promise<string> {
  const res = await t.postJson('/api/inquiries', validInquiry());
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('limits', () => {
  it('come from the configuration, with the documented defaults', () => {
    expect(attachmentLimits(t.config)).toEqual({
      maxFileBytes: 10 * 1024 * 1024,
      maxFilesPerMessage: 10,
      maxBytesPerMessage: 25 * 1024 * 1024,
      maxBytesPerInquiry: 50 * 1024 * 1024,
    });
    expect(t.config.FORM_MAX_FILES).toBe(3);
  });

  it('accept files up to each limit exactly', () => {
    expect(checkAttachments([], small, 400)).toEqual({ ok: true });
    expect(checkAttachments([file('a.pdf', 100), file('b.pdf', 100), file('c.pdf', 50)], small, 150)).toEqual({ ok: true });
  });

  it('refuse a file over the per-file limit, naming it', () => {
    const check = checkAttachments([file('a.pdf', 10), file('big.pdf', 101)], small, 0);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toBe('The file "big.pdf" is 101 bytes; each file may be at most 100 bytes.');
  });

  it('refuse too many files and too many bytes in one message', () => {
    const many = checkAttachments([file('a', 1), file('b', 1), file('c', 1), file('d', 1)], small, 0);
    expect(many).toEqual({ ok: false, reason: 'At most 3 files can be attached at once; 4 were sent.' });
    const heavy = checkAttachments([file('a', 100), file('b', 100), file('c', 51)], small, 0);
    expect(heavy.ok).toBe(false);
    if (!heavy.ok) expect(heavy.reason).toContain('at most 250 bytes can be attached at once');
  });

  it('refuse what would take the inquiry over its limit, saying what is left', () => {
    const check = checkAttachments([file('a', 60)], { ...small, maxBytesPerInquiry: 1024 * 1024 }, 1024 * 1024 - 50);
    expect(check).toEqual({ ok: false, reason: 'This inquiry may hold at most 1 MB of files; 50 bytes is left, and these come to 60 bytes.' });
  });
});

describe('names and types', () => {
  it('keep only the last path segment, without control or direction characters', () => {
    expect(safeFilename('C:\\Users\\mei\\Desktop\\brief.pdf')).toBe('brief.pdf');
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('report\r\nX-Injected: yes.pdf')).toBe('reportX-Injected: yes.pdf');
    expect(safeFilename('in\u202Egpj.exe')).toBe('ingpj.exe');
    expect(safeFilename('...hidden')).toBe('hidden');
    expect(safeFilename(' \u0000 ')).toBe('attachment');
    expect(safeFilename('声明稿.docx')).toBe('声明稿.docx');
  });

  it('cap the length and keep the extension', () => {
    const name = safeFilename(`${'x'.repeat(400)}.pdf`);
    expect(Array.from(name)).toHaveLength(150);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('store a type from the safe list, anything else as application/octet-stream', () => {
    expect(safeContentType('Application/PDF; name="a.pdf"')).toBe('application/pdf');
    expect(safeContentType('image/png')).toBe('image/png');
    expect(safeContentType('text/html')).toBe('application/octet-stream');
    expect(safeContentType('image/svg+xml')).toBe('application/octet-stream');
    expect(safeContentType('application/javascript')).toBe('application/octet-stream');
    expect(safeContentType('')).toBe('application/octet-stream');
  });
});

describe('storing', () => {
  it('stores files in the caller\'s transaction with a safe name and type, counts them for the inquiry, and reads them back', async () => {
    const inquiryId = await newInquiry();
    expect(await inquiryAttachmentBytes(t.db, inquiryId)).toBe(0);
    const stored = await t.db.transaction().execute((trx) =>
      storeAttachments(trx, { inquiryId, source: 'form' }, [
        { filename: '../<b>note</b>.html', contentType: 'text/html', content: Buffer.from('<script>alert(1)</script>') },
        { filename: 'photo.jpg', contentType: 'image/jpeg', content: Buffer.from([0xff, 0xd8, 0xff, 0xe0]) },
      ]),
    );
    expect(stored.map((s) => [s.filename, s.contentType, s.size])).toEqual([
      ['b>.html', 'application/octet-stream', 25],
      ['photo.jpg', 'image/jpeg', 4],
    ]);
    expect(await inquiryAttachmentBytes(t.db, inquiryId)).toBe(29);

    const loaded = await loadAttachment(t.db, stored[1]!.id);
    expect(loaded?.inquiryId).toBe(inquiryId);
    expect(loaded?.content.equals(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe(true);
    const row = await t.db.selectFrom('attachments').select(['sha256', 'source']).where('id', '=', stored[1]!.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ sha256: createHash('sha256').update(Buffer.from([0xff, 0xd8, 0xff, 0xe0])).digest('hex'), source: 'form' });

    const listed = await inquiryAttachments(t.db, inquiryId);
    expect(listed.map((a) => a.filename).sort()).toEqual(['b>.html', 'photo.jpg']);
    expect(await loadAttachment(t.db, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('stores nothing when the transaction rolls back', async () => {
    const inquiryId = await newInquiry();
    await expect(
      t.db.transaction().execute(async (trx) => {
        await storeAttachments(trx, { inquiryId, source: 'reply' }, [file('a.pdf', 10)]);
        throw new Error('the reply failed after storing');
      }),
    ).rejects.toThrow('the reply failed');
    expect(await inquiryAttachmentBytes(t.db, inquiryId)).toBe(0);
  });
});
