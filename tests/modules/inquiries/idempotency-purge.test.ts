import { afterAll, beforeAll, expect, it } from 'vitest';
import { graphileQueue } from '../../../src/db/queue.js';
import { PURGE_IDEMPOTENCY_TASK } from '../../../src/modules/inquiries/idempotency.purge-task.js';
import { buildTestContext, type TestContext } from '../../helpers/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false, env: { IDEMPOTENCY_TTL_HOURS: '24' } });
});
afterAll(() => t.close());

it('the hourly purge forgets Idempotency-Keys older than IDEMPOTENCY_TTL_HOURS and keeps newer ones', async () => {
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
  await t.db
    .insertInto('idempotency_keys')
    .values([
      { key: 'purge-old-key-1', request_hash: 'x', response_status: 201, response_body: '{}', created_at: hoursAgo(25) },
      { key: 'purge-new-key-1', request_hash: 'x', response_status: 201, response_body: '{}', created_at: hoursAgo(23) },
    ])
    .execute();
  await graphileQueue.add(t.db, PURGE_IDEMPOTENCY_TASK, {});
  await t.runJobs();
  const keys = await t.db.selectFrom('idempotency_keys').select('key').where('key', 'like', 'purge-%').execute();
  expect(keys.map((k) => k.key)).toEqual(['purge-new-key-1']);
});
