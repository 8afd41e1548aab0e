import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTestContext, validInquiry, type TestContext } from '../../helpers/app.js';
import { lockGate } from '../../helpers/lock-gate.js';
import { expectNothingStored, expectProblem } from './problem-assertions.js';

let t: TestContext;

// The real queue with a gate, so the concurrent-key race is certain, not hoped for.
const gate = lockGate(() => t.db);

beforeAll(async () => {
  t = await buildTestContext({ queue: gate.queue });
});
afterAll(async () => {
  await t.close();
});
afterEach(() => {
  gate.disarm();
});

const post = (body: unknown, key: string) => t.postJson('/api/inquiries', body, { 'Idempotency-Key': key });
const newKey = () => `idem-${randomUUID()}`;

async function storedFor(reporter: string) {
  const inquiries = await t.db.selectFrom('inquiries').select('id').where('email', '=', reporter).execute();
  const acks = await t.db
    .selectFrom('emails')
    .select('id')
    .where('kind', '=', 'acknowledgement')
    .where('to_address', '=', reporter)
    .execute();
  return { inquiries: inquiries.length, acks: acks.length };
}

describe('Idempotency-Key on POST /api/inquiries', () => {
  it('the same key twice → the first answer again (same id and reference), marked Idempotent-Replayed, one inquiry, one acknowledgement', async () => {
    const key = newKey();
    const reporter = 'idem.twice@example.com';
    const body = validInquiry({ email: reporter });

    const first = await post(body, key);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const firstBody = await first.json();

    const second = await expectNothingStored(t, () => post(body, key));
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('location')).toBe(firstBody.statusUrl);
    const secondBody = await second.json();
    expect(secondBody).toEqual(firstBody);
    expect(secondBody.id).toBe(firstBody.id);
    expect(secondBody.reference).toBe(firstBody.reference);

    expect(await storedFor(reporter)).toEqual({ inquiries: 1, acks: 1 });
    const rows = await t.db.selectFrom('idempotency_keys').select(['inquiry_id', 'response_status']).where('key', '=', key).execute();
    expect(rows).toEqual([{ inquiry_id: firstBody.id, response_status: 201 }]);
  });

  it('the same body with its fields in another order is the same request → replayed, not 409', async () => {
    const key = newKey();
    const body = validInquiry({ email: 'idem.order@example.com' });
    const first = await (await post(body, key)).json();
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await post(reordered, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(first);
  });

  it('the same key fired 5 times concurrently → one inquiry, one acknowledgement delivered, identical answers', async () => {
    const key = newKey();
    const reporter = 'idem.concurrent@example.com';
    const body = validInquiry({ email: reporter });
    const before = await t.counts();

    gate.arm(4);
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(body, key)));
    expect(gate.observed()).toBe(4);
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    // Exactly one request did the work; the others waited for it and replayed its answer.
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
    const bodies = await Promise.all(responses.map((r) => r.json()));
    for (const b of bodies) expect(b).toEqual(bodies[0]);

    expect(await storedFor(reporter)).toEqual({ inquiries: 1, acks: 1 });
    const after = await t.counts();
    expect(after.inquiries - before.inquiries).toBe(1);
    expect(after.idempotency - before.idempotency).toBe(1);
    // One acknowledgement plus one alert per Malaysia officer, each with one job.
    expect(after.emails - before.emails).toBe(3);

    await t.runJobs();
    await t.smtp!.waitFor(1);
    const acks = t.smtp!.received.filter((m) => m.envelope.to.includes(reporter));
    expect(acks).toHaveLength(1);
    expect(acks[0]!.parsed.subject).toContain(bodies[0].reference);
  });

  it('the same key with a different body → 409 problem+json, nothing new stored, the first inquiry untouched', async () => {
    const key = newKey();
    const reporter = 'idem.conflict@example.com';
    const first = await post(validInquiry({ email: reporter }), key);
    expect(first.status).toBe(201);
    const firstBody = await first.json();

    const res = await expectNothingStored(t, () => post(validInquiry({ email: reporter, subject: 'A different question' }), key));
    const problem = await expectProblem(res, 409, 'conflict');
    expect(problem.detail).toMatch(/Idempotency-Key/);
    expect(res.headers.get('idempotent-replayed')).toBeNull();

    const row = await t.db.selectFrom('inquiries').select(['id', 'subject']).where('email', '=', reporter).execute();
    expect(row).toEqual([{ id: firstBody.id, subject: validInquiry().subject }]);
  });

  it('the same key with different bodies fired concurrently → one 201, the rest 409, one inquiry', async () => {
    const key = newKey();
    const reporter = 'idem.concurrent.conflict@example.com';
    const before = await t.counts();
    gate.arm(2);
    const responses = await Promise.all(
      ['One', 'Two', 'Three'].map((n) => post(validInquiry({ email: reporter, subject: `Question ${n}` }), key)),
    );
    expect(gate.observed()).toBe(2);
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    for (const r of responses.filter((r) => r.status === 409)) await expectProblem(r, 409, 'conflict');
    expect(await storedFor(reporter)).toEqual({ inquiries: 1, acks: 1 });
    const after = await t.counts();
    expect(after.inquiries - before.inquiries).toBe(1);
    expect(after.idempotency - before.idempotency).toBe(1);
  });

  it.each([
    ['too short', 'abc1234'],
    ['containing spaces', 'my key with spaces'],
    ['containing a tab', 'my-key\tis-long'],
    ['non-ASCII', 'clé-idempotence-1'],
    ['too long', 'k'.repeat(201)],
  ])('an Idempotency-Key %s → 422 naming the header, nothing stored', async (_what, key) => {
    const res = await expectNothingStored(t, () => post(validInquiry({ email: 'idem.badkey@example.com' }), key));
    await expectProblem(res, 422, 'validation_failed', ['idempotency-key']);
  });
});
