import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../../src/modules/auth/passwords.js';
import { sha256 } from '../../../src/lib/tokens.js';
import { TEST_DEMO_PASSWORD, type TestContext } from '../../helpers/app.js';

export const DEMO_PASSWORD = TEST_DEMO_PASSWORD;

/** A parsed Set-Cookie header: name, value and its attributes (lower-cased keys). */
export interface SetCookie {
  name: string;
  value: string;
  attrs: Record<string, string | true>;
}

export function parseSetCookie(header: string): SetCookie {
  const [pair, ...rest] = header.split(';');
  const eq = pair!.indexOf('=');
  const attrs: Record<string, string | true> = {};
  for (const part of rest) {
    const [k, ...v] = part.trim().split('=');
    attrs[k!.toLowerCase()] = v.length ? v.join('=') : true;
  }
  return { name: pair!.slice(0, eq).trim(), value: decodeURIComponent(pair!.slice(eq + 1).trim()), attrs };
}

/**
 * A browser stand-in: keeps cookies between requests (processing Set-Cookie in
 * order, as browsers do) and speaks from one client address (X-Forwarded-For,
 * with TRUST_PROXY=true), so each test has throttle counters of its own.
 */
export class Agent {
  readonly cookies = new Map<string, string>();
  readonly address: string;

  constructor(
    private readonly t: TestContext,
    address?: string,
  ) {
    this.address = address ?? `10.${[1, 2, 3].map(() => randomBytes(1)[0]!).join('.')}`;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { 'x-forwarded-for': this.address, ...(cookie ? { cookie } : {}), ...extra };
  }

  absorb(res: Response): SetCookie[] {
    const set = res.headers.getSetCookie().map(parseSetCookie);
    for (const c of set) {
      if (c.value === '' || c.attrs['max-age'] === '0') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return set;
  }

  async get(path: string, headers?: Record<string, string>): Promise<Response> {
    const res = await this.t.request(path, { headers: this.headers(headers) });
    this.absorb(res);
    return res;
  }

  async post(path: string, form: Record<string, string>, headers?: Record<string, string>): Promise<Response> {
    const res = await this.t.request(path, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded', ...headers }),
      body: new URLSearchParams(form).toString(),
    });
    this.absorb(res);
    return res;
  }

  /** The session cookie's value, whichever name it has (pd_session or __Host-pd_session). */
  get session(): string | undefined {
    return this.cookies.get('pd_session') ?? this.cookies.get('__Host-pd_session');
  }

  /** The CSRF token of this agent's session, as every desk form carries it. */
  async csrf(): Promise<string> {
    const row = await this.t.db.selectFrom('staff_sessions').select('csrf_token').where('id_hash', '=', sha256(this.session ?? '')).executeTakeFirstOrThrow();
    return row.csrf_token;
  }

  signIn(email: string, password = DEMO_PASSWORD, next?: string): Promise<Response> {
    return this.post('/desk/sign-in', { email, password, ...(next ? { next } : {}) });
  }

  /** A state-changing desk POST carrying the session's token. */
  async postWithCsrf(path: string, form: Record<string, string> = {}): Promise<Response> {
    return this.post(path, { ...form, _csrf: await this.csrf() });
  }
}

/** A staff account of the test's own, so disabling or locking it touches nothing else. */
export async function createStaffUser(t: TestContext, opts: { admin?: boolean; password?: string } = {}) {
  const email = `staff.${randomBytes(4).toString('hex')}@example.org`;
  const row = await t.db
    .insertInto('staff_users')
    .values({ email, name: `Test Staff ${email.slice(6, 14)}`, password_hash: await hashPassword(opts.password ?? DEMO_PASSWORD), is_admin: opts.admin ?? false })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, email };
}

export const uniqueEmail = (prefix = 'nobody') => `${prefix}.${randomBytes(4).toString('hex')}@example.org`;
