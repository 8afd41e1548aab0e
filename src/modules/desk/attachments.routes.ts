import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, problemResponses } from '../../lib/openapi.js';
import { ApiError } from '../../lib/problem.js';
import { loadAttachment } from '../attachments/index.js';
import { requireStaff } from '../auth/index.js';
import { staffSecurity } from './actions.schemas.js';
import { downloadHeaders } from './attachments.download.js';
import { isUuid } from './inquiry.repository.js';
import { visibleOr404 } from './inquiry.routes.js';

const NO_SUCH_FILE = 'No such attachment.';

const downloadRoute = createRoute({
  tags: ['Desk'],
  security: staffSecurity,
  method: 'get',
  path: '/desk/attachments/{id}',
  summary: 'Download an attachment of an inquiry you can see (always as a download, never shown inline)',
  description:
    "Staff only; signed out: a redirect to sign-in. An attachment of another office's inquiry is 404, exactly like a missing one. " +
    'Content-Type is the stored one (from a safe list, else application/octet-stream), with nosniff, Content-Disposition: attachment and a sandboxing CSP.',
  request: {
    params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: '0b9d5c1e-2f41-4c1e-9a57-0d2f2c1c8f3e' }) }),
  },
  responses: {
    200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...problemResponses(404),
  },
});

export const attachmentsRouter = createRouter();
attachmentsRouter.use('/desk/attachments/*', requireStaff);

attachmentsRouter.openapi(downloadRoute, async (c) => {
  const { id } = c.req.valid('param');
  const file = isUuid(id) ? await loadAttachment(c.var.deps.db, id) : null;
  if (!file || !file.inquiryId) throw new ApiError('not_found', NO_SUCH_FILE);
  // The inquiry's visibility decides (desk/access.ts); another office's file is the same 404 as none.
  try {
    await visibleOr404(c, file.inquiryId, 'download');
  } catch (err) {
    if (err instanceof ApiError && err.code === 'not_found') throw new ApiError('not_found', NO_SUCH_FILE);
    throw err;
  }
  return c.body(new Uint8Array(file.content), 200, downloadHeaders(file));
});
