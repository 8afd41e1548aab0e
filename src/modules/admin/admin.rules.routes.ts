import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, problemResponses } from '../../lib/openapi.js';
import type { AppEnv } from '../../app-env.js';
import { adminErrors } from './admin.errors.js';
import { createRule, deleteRule, reorderRules, updateRule } from './admin.rules.js';
import { listRules } from './admin.repository.js';
import { adminSecurity, authResponses, ReorderSchema, RuleInputSchema, RuleListSchema, RulePatchSchema, RuleSchema } from './admin.schemas.js';

const base = { tags: ['Admin: routing rules'], security: adminSecurity };
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });
const RuleId = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: '0b6b3c52-7f7e-4f0e-9d0a-2f4a7c3e9b11' }) });

const list = createRoute({
  ...base,
  method: 'get',
  path: '/api/admin/routing/rules',
  summary: 'Routing rules in priority order',
  responses: { 200: { description: 'Every rule, enabled or not', content: json(RuleListSchema) }, ...authResponses },
});

const create = createRoute({
  ...base,
  method: 'post',
  path: '/api/admin/routing/rules',
  summary: 'Add a routing rule (at the end unless a position is given)',
  request: { body: { required: true, content: json(RuleInputSchema) } },
  responses: { 201: { description: 'Saved; routing uses it at once', content: json(RuleSchema) }, ...authResponses, ...problemResponses(400, 415, 422, adminErrors.directoryRejected) },
});

const patch = createRoute({
  ...base,
  method: 'patch',
  path: '/api/admin/routing/rules/{id}',
  summary: 'Change a rule (disable it with enabled: false)',
  request: { params: RuleId, body: { required: true, content: json(RulePatchSchema) } },
  responses: { 200: { description: 'Saved', content: json(RuleSchema) }, ...authResponses, ...problemResponses(400, adminErrors.ruleNotFound, 415, 422, adminErrors.directoryRejected) },
});

const remove = createRoute({
  ...base,
  method: 'delete',
  path: '/api/admin/routing/rules/{id}',
  summary: 'Delete a rule; the ones after it move up',
  request: { params: RuleId },
  responses: { 204: { description: 'Deleted' }, ...authResponses, ...problemResponses(adminErrors.ruleNotFound) },
});

const reorder = createRoute({
  ...base,
  method: 'post',
  path: '/api/admin/routing/rules/reorder',
  summary: 'Set the priority order: every rule id exactly once, first is tried first',
  request: { body: { required: true, content: json(ReorderSchema) } },
  responses: { 200: { description: 'The rules in their new order', content: json(RuleListSchema) }, ...authResponses, ...problemResponses(400, 415, 422, adminErrors.directoryRejected) },
});

export const adminRulesRouter = createRouter<AppEnv>()
  .openapi(list, async (c) => c.json({ rules: await listRules(c.var.deps.db) }, 200))
  .openapi(create, async (c) => c.json(await createRule(c.var.deps, c.req.valid('json')), 201))
  .openapi(reorder, async (c) => c.json({ rules: await reorderRules(c.var.deps, c.req.valid('json').ids) }, 200))
  .openapi(patch, async (c) => c.json(await updateRule(c.var.deps, c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(remove, async (c) => {
    await deleteRule(c.var.deps, c.req.valid('param').id);
    return c.body(null, 204);
  });
