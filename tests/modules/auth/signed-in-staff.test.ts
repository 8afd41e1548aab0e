import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../../src/app-env.js';
import { ApiError, problemResponse } from '../../../src/lib/problem.js';
import type { Staff } from '../../../src/modules/auth/staff.js';
import { signedInStaff } from '../../../src/modules/auth/staff.middleware.js';

// signedInStaff is what desk handlers call for the staff member. Behind
// requireStaff it always finds one; without it, it must answer exactly as
// requireStaff does, never hand a handler a missing staff member.

const ANA: Staff = { id: 'u1', name: 'Ana', email: 'ana@example.test', isAdmin: false, contactId: null, offices: [], session: { idHash: 'h', csrf: 'c' } };

function appWith(staff: Staff | null) {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('staff', staff);
    await next();
  });
  app.onError((err, c) => (err instanceof HTTPException ? err.getResponse() : problemResponse(c, err as ApiError)));
  const handler = (c: Context<AppEnv>) => c.text(`hello ${signedInStaff(c).name}`);
  app.get('/desk/queue', handler);
  app.post('/desk/queue', handler);
  app.get('/api/staff/inquiries', handler);
  return app;
}

describe('signedInStaff', () => {
  it('gives the handler the signed-in staff member', async () => {
    const res = await appWith(ANA).request('/desk/queue');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello Ana');
  });

  it('sends a signed-out page visitor to sign in, and back to the page after a GET', async () => {
    const res = await appWith(null).request('/desk/queue?x=1');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/desk/sign-in?next=%2Fdesk%2Fqueue');
    const post = await appWith(null).request('/desk/queue', { method: 'POST' });
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toBe('/desk/sign-in');
  });

  it('answers the staff API 401 as a problem when signed out', async () => {
    const res = await appWith(null).request('/api/staff/inquiries');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await res.json()) as { title: string }).toMatchObject({ title: 'Unauthorized' });
  });
});
