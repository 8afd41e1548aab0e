import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { forwardedClient } from '../../src/lib/client-address.js';
import { sha256 } from '../../src/lib/tokens.js';
import { buildTestContext, type TestContext } from '../helpers/app.js';
import { serveOverHttp, signInFrom, httpRequest, type LoopbackServer } from '../helpers/loopback-http.js';
import { uniqueEmail } from '../modules/auth/cookie-jar.js';

// The client address behind TRUST_PROXY proxies of our own: each proxy
// appends the address it was connected from, so only the rightmost entries
// are ours; whatever a client writes into X-Forwarded-For itself never counts.

describe('TRUST_PROXY setting', () => {
  const trust = (v?: string) => loadConfig({ ...(v === undefined ? {} : { TRUST_PROXY: v }) }).TRUST_PROXY;
  it('takes false (no proxy, the default), true (one) or a number of proxies, and refuses anything else', () => {
    expect([trust(), trust('false'), trust('true'), trust('1'), trust('2')]).toEqual([0, 0, 1, 1, 2]);
    expect(() => trust('yes')).toThrow(/TRUST_PROXY: must be true, false or a number of proxies/);
    expect(() => trust('-1')).toThrow(/TRUST_PROXY/);
  });
});

describe('forwardedClient', () => {
  it('with n trusted proxies takes the n-th entry from the right, ignoring what the client wrote further left', () => {
    expect(forwardedClient('203.0.113.9', 1)).toBe('203.0.113.9');
    expect(forwardedClient('6.6.6.6, 203.0.113.9', 1)).toBe('203.0.113.9');
    expect(forwardedClient('1.1.1.1,6.6.6.6, 203.0.113.9, 10.0.0.1', 2)).toBe('203.0.113.9');
    expect(forwardedClient('2001:db8::1, 10.0.0.1', 2)).toBe('2001:db8::1');
    expect(forwardedClient('::ffff:203.0.113.9', 1)).toBe('203.0.113.9');
  });

  it('with fewer entries than proxies takes the leftmost (a proxy of ours wrote it)', () => {
    expect(forwardedClient('203.0.113.9', 3)).toBe('203.0.113.9');
  });

  it('gives nothing (the socket address is used) without proxies, without the header, or when the entry is not an IP address', () => {
    expect(forwardedClient('203.0.113.9', 0)).toBeNull();
    expect(forwardedClient(undefined, 1)).toBeNull();
    expect(forwardedClient('', 1)).toBeNull();
    expect(forwardedClient('203.0.113.9, not-an-ip', 1)).toBeNull();
    expect(forwardedClient('203.0.113.9, 198.51.100.1:443', 1)).toBeNull();
    expect(forwardedClient('203.0.113.9,', 1)).toBeNull();
    expect(forwardedClient('<script>, 10.0.0.1', 2)).toBeNull();
  });
});

/** The audit log's hash of a client address (sign-in failures record it). */
const hashOf = (address: string) => sha256(`pressdesk-client:${address}`).slice(0, 32);

for (const proxies of [1, 2]) {
  describe(`over HTTP with TRUST_PROXY=${proxies} and a client that rewrites X-Forwarded-For on every request`, () => {
    let t: TestContext;
    let http: LoopbackServer;
    beforeAll(async () => {
      t = await buildTestContext({ seed: false, smtp: false, env: { TRUST_PROXY: String(proxies), LOGIN_MAX_PER_CLIENT: '3' } });
      http = await serveOverHttp(t);
    });
    afterAll(async () => {
      await http.close();
      await t.close();
    });

    /** What our proxies would send for a client at `client` that wrote `spoofed` itself. */
    const forwarded = (spoofed: string, client: string) => [spoofed, client, ...Array.from({ length: proxies - 1 }, (_, i) => `10.0.0.${i + 1}`)].join(', ');
    const attempt = (headers: Record<string, string>, from = '127.0.0.2') =>
      httpRequest(http.baseUrl, { from, path: '/desk/sign-in', form: { email: uniqueEmail(), password: 'guess' }, headers });
    const lastClientHash = async () =>
      (await t.db.selectFrom('audit_log').select('client_hash').where('action', 'in', ['auth.sign_in_failed', 'auth.throttled']).orderBy('id', 'desc').executeTakeFirstOrThrow()).client_hash;

    it('a new made-up address in every request does not escape the per-client limit', async () => {
      const client = '198.51.100.7';
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await attempt({ 'x-forwarded-for': forwarded(`192.0.2.${i + 1}`, client) })).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      expect(await lastClientHash()).toBe(hashOf(client));
      // The address a client claims for itself is not a client of its own either.
      expect((await attempt({ 'x-forwarded-for': forwarded(client, '198.51.100.8') })).status).toBe(401);
      expect(await lastClientHash()).toBe(hashOf('198.51.100.8'));
    });

    it('a malformed entry where our proxy writes, or no header at all, counts as the socket address', async () => {
      const bad = ['not-an-ip', ...Array.from({ length: proxies - 1 }, () => '10.0.0.1')].join(', ');
      expect((await attempt({ 'x-forwarded-for': `198.51.100.20, ${bad}` }, '127.0.0.5')).status).toBe(401);
      expect(await lastClientHash()).toBe(hashOf('127.0.0.5'));
      expect((await signInFrom(http.baseUrl, '127.0.0.6', uniqueEmail(), 'guess')).status).toBe(401);
      expect(await lastClientHash()).toBe(hashOf('127.0.0.6'));
    });
  });
}
