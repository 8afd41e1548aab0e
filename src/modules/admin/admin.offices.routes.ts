import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, problemResponses } from '../../lib/openapi.js';
import type { AppEnv } from '../../app-env.js';
import { adminErrors } from './admin.errors.js';
import { createOffice, getOffice, patchOffice, putHolidays, putHours } from './admin.offices.js';
import { adminSecurity, authResponses, HolidaysSchema, HoursSchema, OfficeCreateSchema, OfficeDetailSchema, OfficePatchSchema } from './admin.schemas.js';

const base = { tags: ['Admin: offices'], security: adminSecurity };
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });
const Code = z.object({ code: z.string().openapi({ param: { name: 'code', in: 'path' }, example: 'malaysia' }) });
const detail = (description: string) => ({ description, content: json(OfficeDetailSchema) });
const writeProblems = problemResponses(400, adminErrors.officeNotFound, 415, 422, adminErrors.directoryRejected);

const get = createRoute({
  ...base,
  method: 'get',
  path: '/api/admin/offices/{code}',
  summary: 'Everything routing knows about an office',
  request: { params: Code },
  responses: { 200: detail('Hours, holidays, members, duty officer, fallback, coverage'), ...authResponses, ...problemResponses(adminErrors.officeNotFound) },
});

const create = createRoute({
  ...base,
  method: 'post',
  path: '/api/admin/offices',
  summary: 'Add an office',
  request: { body: { required: true, content: json(OfficeCreateSchema) } },
  responses: { 201: detail('Saved'), ...authResponses, ...problemResponses(400, 415, 422, adminErrors.directoryRejected) },
});

const patch = createRoute({
  ...base,
  method: 'patch',
  path: '/api/admin/offices/{code}',
  summary: 'Change an office: name, time zone, fallback, response target, active, duty officer, countries',
  request: { params: Code, body: { required: true, content: json(OfficePatchSchema) } },
  responses: { 200: detail('Saved'), ...authResponses, ...writeProblems },
});

const hours = createRoute({
  ...base,
  method: 'put',
  path: '/api/admin/offices/{code}/hours',
  summary: "Replace the office's weekly business hours",
  request: { params: Code, body: { required: true, content: json(HoursSchema) } },
  responses: { 200: detail('Saved'), ...authResponses, ...writeProblems },
});

const holidays = createRoute({
  ...base,
  method: 'put',
  path: '/api/admin/offices/{code}/holidays',
  summary: "Replace the office's public holidays",
  request: { params: Code, body: { required: true, content: json(HolidaysSchema) } },
  responses: { 200: detail('Saved'), ...authResponses, ...writeProblems },
});

export const adminOfficesRouter = createRouter<AppEnv>()
  .openapi(get, async (c) => c.json(await getOffice(c.var.deps.db, c.req.valid('param').code), 200))
  .openapi(create, async (c) => c.json(await createOffice(c.var.deps, c.req.valid('json')), 201))
  .openapi(patch, async (c) => c.json(await patchOffice(c.var.deps, c.req.valid('param').code, c.req.valid('json')), 200))
  .openapi(hours, async (c) => c.json(await putHours(c.var.deps, c.req.valid('param').code, c.req.valid('json').hours), 200))
  .openapi(holidays, async (c) => c.json(await putHolidays(c.var.deps, c.req.valid('param').code, c.req.valid('json').holidays), 200));
