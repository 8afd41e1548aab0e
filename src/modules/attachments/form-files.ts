import type { IncomingFile } from './attachment-limits.js';

/**
 * The files of one multipart field, as hono's parseBody({ all: true }) gives
 * it (a value, an array of them, or nothing). A file input left empty still
 * sends a part with no name and no bytes: that is no file, and is skipped.
 */
export async function filesFromForm(field: unknown): Promise<IncomingFile[]> {
  const values = Array.isArray(field) ? field : field === undefined ? [] : [field];
  const files: IncomingFile[] = [];
  for (const v of values) {
    if (!(v instanceof File) || (v.name === '' && v.size === 0)) continue;
    files.push({ filename: v.name, contentType: v.type, content: Buffer.from(await v.arrayBuffer()) });
  }
  return files;
}
