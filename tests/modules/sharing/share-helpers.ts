import { randomBytes } from 'node:crypto';
import { createChallenge, solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { DEMO_ARTICLE_SLUG } from '../../../db/seeds/demo.js';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import type { ReceivedMail } from '../../helpers/smtp.js';

export { DEMO_ARTICLE_SLUG };

/** Small proof of work (real PBKDF2, a few dozen rounds) and small limits, so tests can reach them. */
export const SHARE_TEST_ENV = {
  TRUST_PROXY: 'true',
  ALTCHA_HMAC_KEY: 'test-altcha-key-0123456789abcdefghijkl',
  ALTCHA_COST: '2',
  ALTCHA_COUNTER_MIN: '5',
  ALTCHA_COUNTER_MAX: '40',
  SHARE_MAX_PER_CLIENT_PER_DAY: '8',
  SHARE_MAX_PER_SENDER_PER_DAY: '6',
  SHARE_MAX_PER_RECIPIENT_PER_DAY: '2',
};

export function shareContext(env: Record<string, string> = {}): Promise<TestContext> {
  return buildTestContext({ smtp: true, env: { ...SHARE_TEST_ENV, ...env } });
}

export const uniq = (label = 'x') => `${label}${randomBytes(5).toString('hex')}`;
export const addr = (label = 'r') => `${uniq(label)}@example.com`;
/** A client address of the test's own, so per-address counters start at zero. */
export const clientIp = () => `10.${[1, 2, 3].map(() => randomBytes(1)[0]!).join('.')}`;

/** The widget's payload for a challenge, solved with altcha-lib's own solver (real proof of work). */
export async function solve(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey, timeout: 20_000 });
  if (!solution) throw new Error('could not solve the challenge');
  return Buffer.from(JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution })).toString('base64');
}

/** GET /api/altcha/challenge, solved. */
export async function solvedAltcha(t: TestContext): Promise<string> {
  const res = await t.request('/api/altcha/challenge');
  if (res.status !== 200) throw new Error(`challenge answered ${res.status}`);
  return solve((await res.json()) as Challenge);
}

/** A challenge signed with the app's key but already expired (as the server would have made it earlier). */
export async function expiredAltcha(t: TestContext): Promise<string> {
  const master = t.config.ALTCHA_HMAC_KEY!;
  const sub = (p: string) => createHmac('sha256', master).update(`pressdesk-altcha:${p}`).digest('hex');
  const challenge = await createChallenge({
    algorithm: 'PBKDF2/SHA-256',
    cost: 2,
    counter: 10,
    deriveKey,
    expiresAt: new Date(Date.now() - 60_000),
    hmacSignatureSecret: sub('challenge-signature'),
    hmacKeySignatureSecret: sub('key-signature'),
  });
  return solve(challenge);
}

export function shareBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    recipients: [addr('friend')],
    senderName: 'Mei Ling Tan',
    senderEmail: addr('sender'),
    note: 'Thought this was relevant to your story.',
    language: 'en',
    ...overrides,
  };
}

/** POST /api/articles/{slug}/share from one client address, with a fresh solved challenge unless the body has one. */
export async function postShare(
  t: TestContext,
  body: Record<string, unknown>,
  opts: { slug?: string; ip?: string; headers?: Record<string, string>; altcha?: boolean } = {},
): Promise<Response> {
  const withAltcha = opts.altcha === false || 'altcha' in body ? body : { ...body, altcha: await solvedAltcha(t) };
  return t.postJson(`/api/articles/${opts.slug ?? DEMO_ARTICLE_SLUG}/share`, withAltcha, {
    'x-forwarded-for': opts.ip ?? clientIp(),
    ...opts.headers,
  });
}

export async function outboxCounts(t: TestContext) {
  const { rows } = await sql<{ emails: number; jobs: number; shares: number; recipients: number }>`
    select (select count(*) from emails)::int as emails,
           (select count(*) from graphile_worker._private_jobs)::int as jobs,
           (select count(*) from shares)::int as shares,
           (select count(*) from share_recipients)::int as recipients`.execute(t.db);
  return rows[0]!;
}

/** Sends what is queued and returns the messages that reached the SMTP server for these addresses. */
export async function deliveredTo(t: TestContext, ...addresses: string[]): Promise<ReceivedMail[]> {
  await t.runJobs();
  const wanted = new Set(addresses.map((a) => a.toLowerCase()));
  return t.smtp!.received.filter((m) => m.envelope.to.some((to) => wanted.has(to.toLowerCase())));
}

/** An article that exists but is not published (draft), or published only in the future. */
export async function unpublishedArticle(t: TestContext, publishedAt: Date | null = null): Promise<string> {
  const slug = uniq('draft-');
  await t.db
    .insertInto('articles')
    .values({ slug, title: `Draft ${slug}`, dateline: 'NEW YORK, 1 December 2026', body: 'Not yet.', published_at: publishedAt })
    .execute();
  return slug;
}

/** A header as it is on the wire (folded lines joined), from the raw message's header block. */
export function rawHeader(m: ReceivedMail, name: string): string | undefined {
  const head = m.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}
