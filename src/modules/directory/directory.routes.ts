import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../../lib/openapi.js';
import type { AppEnv } from '../../app-env.js';
import { listContacts, listOffices } from './directory.repository.js';

const OfficeSchema = z
  .object({
    code: z.string().openapi({ example: 'malaysia' }),
    name: z.string().openapi({ example: 'UNICEF Media Malaysia' }),
    city: z.string(),
    timeZone: z.string().openapi({ example: 'Asia/Kuala_Lumpur' }),
    kind: z.enum(['country', 'regional', 'head']),
    parent: z.string().nullable().openapi({ description: 'Code of the office that backs this one up' }),
    countries: z.array(z.string()).openapi({ description: 'ISO 3166-1 alpha-2 codes this office covers' }),
    email: z.string(),
    responseTargetHours: z.number().int(),
  })
  .openapi('Office');

const ContactSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    title: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    languages: z.array(z.string()),
    office: z.object({ code: z.string(), name: z.string() }),
  })
  .openapi('Contact');

const officesRoute = createRoute({
  method: 'get',
  path: '/api/offices',
  tags: ['Directory'],
  summary: 'Press offices and the countries each covers',
  responses: { 200: { description: 'Active offices', content: { 'application/json': { schema: z.object({ offices: z.array(OfficeSchema) }) } } } },
});

const contactsRoute = createRoute({
  method: 'get',
  path: '/api/contacts',
  tags: ['Directory'],
  summary: 'Press contacts (public people) by office',
  responses: { 200: { description: 'Active contacts', content: { 'application/json': { schema: z.object({ contacts: z.array(ContactSchema) }) } } } },
});

export const directoryRouter = createRouter<AppEnv>()
  .openapi(officesRoute, async (c) => {
    const rows = await listOffices(c.var.deps.db);
    const offices = rows
      .filter((o) => o.active)
      .map((o) => ({
        code: o.code,
        name: o.name,
        city: o.city,
        timeZone: o.time_zone,
        kind: o.kind,
        parent: o.parent_code,
        countries: o.countries,
        email: o.email,
        responseTargetHours: o.response_target_hours,
      }));
    return c.json({ offices }, 200);
  })
  .openapi(contactsRoute, async (c) => {
    const rows = await listContacts(c.var.deps.db, { activeOnly: true });
    const contacts = rows.map((r) => ({
      id: r.id,
      name: r.name,
      title: r.title,
      email: r.email,
      phone: r.phone,
      languages: r.languages,
      office: { code: r.office_code, name: r.office_name },
    }));
    return c.json({ contacts }, 200);
  });
