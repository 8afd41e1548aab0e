import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retireOldDemoPassword } from '../../src/modules/auth/demo-accounts.js';
import { buildTestContext, type TestContext } from '../helpers/app.js';
import { Agent } from '../modules/auth/cookie-jar.js';

// An install seeded before the demo password was per install: its demo
// accounts share the password the README once published.

let t: TestContext;

beforeAll(async () => {
  t = await buildTestContext({ smtp: false, env: { DEMO_PASSWORD: 'pressdesk-demo', TRUST_PROXY: 'true' } });
}, 30_000);

afterAll(async () => {
  await t?.close();
});

describe('retiring the old published demo password on start', () => {
  it('moves every demo account on it to the install password and ends their sessions; the old one stops working', async () => {
    const before = new Agent(t);
    expect((await before.signIn('desk.admin@example.org', 'pressdesk-demo')).status).toBe(303);
    expect(before.session).toBeDefined();

    expect(await retireOldDemoPassword(t.db, 'a-per-install-password')).toBe(6);

    expect((await new Agent(t).signIn('desk.admin@example.org', 'pressdesk-demo')).status).toBe(401);
    expect((await new Agent(t).signIn('indra.nadchatram@example.org', 'a-per-install-password')).status).toBe(303);
    expect((await before.get('/desk')).status).not.toBe(200);
    // Nothing left to move: a second start changes nothing.
    expect(await retireOldDemoPassword(t.db, 'a-per-install-password')).toBe(0);
  }, 30_000);

  it('leaves accounts alone when the install password is the old one (DEMO_PASSWORD set to it on purpose)', async () => {
    const t2 = await buildTestContext({ smtp: false, env: { TRUST_PROXY: 'true' } });
    try {
      expect(await retireOldDemoPassword(t2.db, 'pressdesk-demo')).toBe(0);
      expect((await new Agent(t2).signIn('juana.jaafar@example.org', 'pressdesk-demo')).status).toBe(303);
    } finally {
      await t2.close();
    }
  }, 30_000);
});
