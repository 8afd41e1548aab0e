import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, type NamedError } from '../../../src/lib/problem.js';
import { requestErrors } from '../../../src/lib/request.errors.js';
import { adminErrors } from '../../../src/modules/admin/admin.errors.js';
import { articlesErrors } from '../../../src/modules/articles/articles.errors.js';
import { authErrors } from '../../../src/modules/auth/auth.errors.js';
import { deskErrors } from '../../../src/modules/desk/desk.errors.js';
import { inquiriesErrors } from '../../../src/modules/inquiries/inquiries.errors.js';
import { shareErrors } from '../../../src/modules/sharing/share.errors.js';
import { inboundErrors } from '../../../src/modules/inbound/inbound.errors.js';
import { buildTestContext, type TestContext } from '../../helpers/app.js';

// The OpenAPI document names, per route and status, the errors of the feature
// (and of the plumbing) that the route can answer with: a client reads there
// that a stale `version` on a reply is `desk.version_conflict`, a 409.

interface Example {
  summary: string;
  value: Record<string, unknown>;
}
interface ProblemDoc {
  description: string;
  content?: Record<string, { examples?: Record<string, Example> }>;
}
type Operation = { responses: Record<string, ProblemDoc> };
type Doc = { paths: Record<string, Record<string, Operation>> };

const catalogues = [requestErrors, adminErrors, articlesErrors, authErrors, deskErrors, inquiriesErrors, shareErrors, inboundErrors];
const byId = new Map<string, NamedError>(catalogues.flatMap((c) => Object.values(c).map((e): [string, NamedError] => [e.id, e])));

let t: TestContext;
let doc: Doc;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
  const res = await t.request('/openapi.json');
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
});
afterAll(async () => {
  await t?.close();
});

/** The error ids documented for one status of one operation, and the description that lists them. */
function documented(path: string, method: string, status: number): { ids: string[]; description: string } {
  const response = doc.paths[path]?.[method]?.responses[String(status)];
  expect(response, `${method.toUpperCase()} ${path} documents ${status}`).toBeDefined();
  const examples = response!.content?.['application/problem+json']?.examples ?? {};
  return { ids: Object.keys(examples).sort(), description: response!.description };
}

describe('/openapi.json names the errors each route can return', () => {
  it('the desk reply lists the version conflict at 409, and the sign-in, CSRF and not-found answers', () => {
    const conflict = documented('/api/staff/inquiries/{id}/reply', 'post', 409);
    expect(conflict.ids).toEqual(['desk.version_conflict']);
    expect(conflict.description).toContain('`desk.version_conflict`');
    expect(documented('/api/staff/inquiries/{id}/reply', 'post', 404).ids).toEqual(['desk.inquiry_not_found']);
    expect(documented('/api/staff/inquiries/{id}/reply', 'post', 401).ids).toEqual(['auth.sign_in_required']);
    expect(documented('/api/staff/inquiries/{id}/reply', 'post', 403).ids).toEqual(['auth.cross_site', 'auth.csrf_mismatch']);
  });

  it("an action's own refusals are listed on that action only", () => {
    expect(documented('/api/staff/inquiries/{id}/claim', 'post', 409).ids).toEqual(['desk.already_assigned', 'desk.version_conflict']);
    expect(documented('/api/staff/inquiries/{id}/claim', 'post', 403).ids).toContain('desk.claim_refused');
    expect(documented('/api/staff/inquiries/{id}/assign', 'post', 403).ids).toContain('desk.assign_refused');
    expect(documented('/api/staff/inquiries/{id}/note', 'post', 403).ids).not.toContain('desk.claim_refused');
    expect(documented('/api/staff/inquiries/{id}/note', 'post', 409).ids).toEqual(['desk.version_conflict']);
  });

  it('intake lists the reused Idempotency-Key, its own refusals beside the schema check, and its rate limit', () => {
    expect(documented('/api/inquiries', 'post', 409).ids).toEqual(['inquiries.idempotency_key_reused']);
    expect(documented('/api/inquiries', 'post', 422).ids).toEqual(['inquiries.intake_rejected', 'request.invalid_fields']);
    expect(documented('/api/inquiries', 'post', 429).ids).toEqual(['inquiries.intake_limited']);
    expect(documented('/api/inquiries', 'post', 415).ids).toEqual(['request.not_json']);
  });

  it('the admin, articles, queue and sharing routes list their features’ errors', () => {
    expect(documented('/api/admin/offices/{code}', 'get', 404).ids).toEqual(['admin.office_not_found']);
    expect(documented('/api/admin/offices/{code}', 'get', 401).ids).toEqual(['auth.token_required']);
    expect(documented('/api/admin/routing/rules/{id}', 'delete', 404).ids).toEqual(['admin.rule_not_found']);
    expect(documented('/api/articles', 'post', 409).ids).toEqual(['articles.slug_taken']);
    expect(documented('/api/articles/{slug}', 'get', 404).ids).toEqual(['articles.not_published']);
    expect(documented('/api/staff/inquiries', 'get', 400).ids).toEqual(['desk.unknown_sort']);
    expect(documented('/api/articles/{slug}/share', 'post', 403).ids).toEqual(['share.challenge_refused']);
    expect(documented('/api/articles/{slug}/share', 'post', 429).ids).toEqual(['share.limited']);
  });

  it('every documented error is a catalogue entry, shown under its own status with the body it is sent as', () => {
    let seen = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          for (const [id, example] of Object.entries(response.content?.['application/problem+json']?.examples ?? {})) {
            const where = `${method.toUpperCase()} ${path} ${status} ${id}`;
            const named = byId.get(id);
            expect(named, where).toBeDefined();
            expect(String(named!.status), where).toBe(status);
            expect(response.description, where).toContain(`\`${id}\``);
            // The example is the wire body: the generic code, its title and type; never the id.
            expect(example.value, where).toEqual({
              type: `https://pressdesk.example.org/problems/${named!.code.replaceAll('_', '-')}`,
              title: errorCodes[named!.code].title,
              status: named!.status,
              detail: named!.detail,
              code: named!.code,
            });
            seen++;
          }
        }
      }
    }
    expect(seen).toBeGreaterThan(50);
  });
});
