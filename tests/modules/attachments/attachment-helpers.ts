import { BASE_URL, type TestContext } from '../../helpers/app.js';
import type { Session } from '../desk/actions-helpers.js';

export interface TestFile {
  name: string;
  type: string;
  content: Buffer | string;
}

export const pdf = (name: string, bytes: number): TestFile => ({ name, type: 'application/pdf', content: Buffer.alloc(bytes, 0x25) });

/** The fields and files as one multipart body, the way a browser sends a form with enctype="multipart/form-data". */
export function multipart(fields: Record<string, string | number>, files: TestFile[], fileField = 'files'): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, String(v));
  for (const f of files) body.append(fileField, new File([typeof f.content === 'string' ? f.content : new Uint8Array(f.content)], f.name, { type: f.type }));
  return body;
}

/** A desk form post with files: same origin, the session's CSRF token in the body. */
export function deskMultipart(t: TestContext, s: Session, path: string, fields: Record<string, string | number>, files: TestFile[]) {
  return t.request(path, { method: 'POST', headers: { cookie: s.cookie, origin: BASE_URL }, body: multipart({ _csrf: s.csrf, ...fields }, files) });
}

export async function attachmentRows(t: TestContext, inquiryId: string) {
  return t.db
    .selectFrom('attachments')
    .select(['id', 'filename', 'content_type', 'size', 'source', 'email_id', 'content'])
    .where('inquiry_id', '=', inquiryId)
    .orderBy('filename')
    .execute();
}
