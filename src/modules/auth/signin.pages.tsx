import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { clientHash } from '../../lib/client-address.js';
import { Page } from '../../web/page.js';
import { ApiError } from '../../lib/problem.js';
import { CsrfField } from '../../web/staff-layout.js';
import { clearSessionCookie, requireStaff, setSessionCookie, signedInStaff } from './staff.middleware.js';
import { authErrors } from './auth.errors.js';
import {
  MAX_EMAIL,
  MAX_PASSWORD,
  peekSignInLink,
  requestSignInLink,
  safeNext,
  signInWithLink,
  signInWithPassword,
  signOut,
  signOutEverywhere,
  type Caller,
} from './signin.usecases.js';

// One message for a wrong user, a wrong password and a disabled account.
const FAILED = 'That email and password do not match an account. Check both and try again, or ask for a sign-in link.';
const LINK_SENT = 'If that address belongs to a desk account, a sign-in link is on its way. It works once and expires soon.';

const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header('Cache-Control', 'no-store');
};

function caller(c: Context<AppEnv>): Caller {
  return { clientHash: clientHash(c, c.var.deps.config.TRUST_PROXY), previousSessionHash: c.var.staff?.session.idHash ?? null };
}

function tooMany(seconds: number): ApiError {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return authErrors.signInThrottled.error(`Too many sign-in attempts. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`, {
    headers: { 'Retry-After': String(seconds) },
  });
}

async function formFields(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

function SignInPage(props: { next: string; error?: string; notice?: string }) {
  return (
    <Page title="Sign in to the desk">
      <h1>Sign in to the desk</h1>
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.notice ? <p role="status">{props.notice}</p> : null}
      <form method="post" action="/desk/sign-in" class="card">
        <input type="hidden" name="next" value={props.next} />
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" maxlength={MAX_EMAIL} required />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" maxlength={MAX_PASSWORD} required />
        <p>
          <button type="submit">Sign in</button>
        </p>
      </form>
      <h2>No password at hand?</h2>
      <form method="post" action="/desk/sign-in/link" class="card">
        <label for="link-email">Email</label>
        <input id="link-email" name="email" type="email" autocomplete="username" maxlength={MAX_EMAIL} required />
        <p>
          <button type="submit">Email me a sign-in link</button>
        </p>
      </form>
    </Page>
  );
}

function LinkGonePage() {
  return (
    <Page title="Sign-in link not valid">
      <h1>This sign-in link no longer works</h1>
      <p>Sign-in links work once and only for a short time. Ask for a new one.</p>
      <p>
        <a href="/desk/sign-in">Back to sign-in</a>
      </p>
    </Page>
  );
}

/** Sign-in, sign-in links and sign-out for the staff desk. */
export const signinPages = new Hono<AppEnv>()
  .use('/desk/sign-in', noStore)
  .use('/desk/sign-in/*', noStore)
  .get('/desk/sign-in', (c) => {
    const next = safeNext(c.req.query('next'));
    if (c.var.staff) return c.redirect(next, 303);
    return c.html(<SignInPage next={next} />);
  })
  .post('/desk/sign-in', async (c) => {
    const form = await formFields(c);
    const next = safeNext(form.next);
    const email = (form.email ?? '').trim();
    const password = form.password ?? '';
    if (!email || !password) return c.html(<SignInPage next={next} error="Enter both your email and your password." />, 400);
    if (email.length > MAX_EMAIL || password.length > MAX_PASSWORD) return c.html(<SignInPage next={next} error={FAILED} />, 401);
    const result = await signInWithPassword(c.var.deps, email, password, caller(c));
    if (result.kind === 'throttled') throw tooMany(result.retryAfterSeconds);
    if (result.kind === 'failed') return c.html(<SignInPage next={next} error={FAILED} />, 401);
    setSessionCookie(c, result.sessionId);
    return c.redirect(next, 303);
  })
  .post('/desk/sign-in/link', async (c) => {
    const email = ((await formFields(c)).email ?? '').trim();
    if (!email || email.length > MAX_EMAIL) return c.html(<SignInPage next="/desk" error="Enter your email address." />, 400);
    const result = await requestSignInLink(c.var.deps, email, caller(c));
    if (result.kind === 'throttled') throw tooMany(result.retryAfterSeconds);
    return c.html(<SignInPage next="/desk" notice={LINK_SENT} />);
  })
  // A GET only shows a button: mail scanners and link previews follow GETs, and must not use the link up.
  .get('/desk/sign-in/link/:token', async (c) => {
    const token = c.req.param('token');
    const link = await peekSignInLink(c.var.deps, token);
    if (!link) return c.html(<LinkGonePage />, 410);
    const staff = c.var.staff;
    return c.html(
      <Page title="Confirm sign-in">
        <h1>Sign in to the desk</h1>
        <p>{`Sign in as ${link.name}?`}</p>
        <form method="post" action={`/desk/sign-in/link/${token}`}>
          {staff ? <CsrfField csrf={staff.session.csrf} /> : null}
          <button type="submit">Sign in</button>
        </form>
      </Page>,
    );
  })
  .post('/desk/sign-in/link/:token', async (c) => {
    const result = await signInWithLink(c.var.deps, c.req.param('token'), caller(c));
    if (result.kind === 'throttled') throw tooMany(result.retryAfterSeconds);
    if (result.kind === 'failed') return c.html(<LinkGonePage />, 410);
    setSessionCookie(c, result.sessionId);
    return c.redirect('/desk', 303);
  })
  .post('/desk/sign-out', requireStaff, async (c) => {
    await signOut(c.var.deps, signedInStaff(c), caller(c));
    clearSessionCookie(c);
    return c.redirect('/desk/sign-in', 303);
  })
  .post('/desk/sign-out-everywhere', requireStaff, async (c) => {
    await signOutEverywhere(c.var.deps, signedInStaff(c), caller(c));
    clearSessionCookie(c);
    return c.redirect('/desk/sign-in', 303);
  });
