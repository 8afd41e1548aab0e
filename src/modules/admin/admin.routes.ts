import { createRoute } from '@hono/zod-openapi';
import { createRouter, problemResponses } from '../../lib/openapi.js';
import type { AppEnv } from '../../app-env.js';
import { requireRole } from '../auth/index.js';
import { dryRun } from './admin.dry-run.js';
import { adminOfficesRouter } from './admin.offices.routes.js';
import { adminRulesRouter } from './admin.rules.routes.js';
import { adminSecurity, authResponses, DryRunResultSchema, DryRunSchema } from './admin.schemas.js';

const dryRunRoute = createRoute({
  tags: ['Admin: routing rules'],
  security: adminSecurity,
  method: 'post',
  path: '/api/admin/routing/dry-run',
  summary: 'Where would this inquiry go at that moment, and why? Stores nothing',
  description:
    'Runs the routing engine on the current directory. Send `rules` to try a rule set (in priority order) in place of the saved one before saving it.',
  request: { body: { required: true, content: { 'application/json': { schema: DryRunSchema } } } },
  responses: {
    200: { description: 'The decision and its reasons', content: { 'application/json': { schema: DryRunResultSchema } } },
    ...authResponses,
    ...problemResponses(400, 415, 422),
  },
});

/** The admin API: routing rules, offices, dry-run. Every route needs an admin token, checked before the body is read. */
export const adminRouter = createRouter<AppEnv>();
adminRouter.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
  type: 'http',
  scheme: 'bearer',
  description: 'An API token; the admin API needs one with the admin role.',
});
adminRouter.use('/api/admin/*', requireRole('admin'));
adminRouter.route('/', adminRulesRouter);
adminRouter.route('/', adminOfficesRouter);
adminRouter.openapi(dryRunRoute, async (c) => c.json(await dryRun(c.var.deps, c.req.valid('json')), 200));
