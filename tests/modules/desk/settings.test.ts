import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { form, get, JUANA, signIn } from './actions-helpers.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
});
afterAll(() => t.close());

it('an officer chooses immediate or digest notifications; the choice is saved and audited; bad values change nothing', async () => {
  const juana = await signIn(t, JUANA);
  const page = await (await get(t, juana, '/desk/settings')).text();
  expect(page).toMatch(/<input type="radio" id="notify-immediate" name="notify" value="immediate" checked=""/);

  const saved = await form(t, juana, '/desk/settings', { notify: 'digest' });
  expect(saved.status).toBe(303);
  const user = await t.db.selectFrom('staff_users').select(['id', 'notify']).where('email', '=', JUANA).executeTakeFirstOrThrow();
  expect(user.notify).toBe('digest');
  const entry = await t.db.selectFrom('audit_log').select(['detail']).where('action', '=', 'staff.settings').where('actor_id', '=', user.id).executeTakeFirstOrThrow();
  expect(entry.detail).toEqual({ notify: 'digest' });

  expect((await form(t, juana, '/desk/settings', { notify: 'hourly' })).status).toBe(422);
  expect((await t.db.selectFrom('staff_users').select('notify').where('id', '=', user.id).executeTakeFirstOrThrow()).notify).toBe('digest');
});

it('signed out, the settings page sends you to sign in', async () => {
  const res = await t.request('/desk/settings');
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/desk/sign-in?next=%2Fdesk%2Fsettings');
});
