import { promises as dns } from 'node:dns';
import { hostname } from 'node:os';
import { authenticate, type DNSResolver } from 'mailauth';

/** SPF, DKIM and DMARC as stored with the message; 'neutral' when nothing could be asked. */
export interface AuthResult {
  spf: string;
  dkim: string;
  dmarc: string;
  /** Set when DNS failed or took too long: the verdict is neutral, never a reason to hold mail back. */
  note?: string;
}

export type Resolver = DNSResolver;

/** The system resolver; tests pass their own (fixed records, or one that fails at once) and never touch DNS. */
export const systemResolver: Resolver = (name, rrtype) => dns.resolve(name, rrtype) as Promise<string[][] | string[]>;

/**
 * Each lookup gets at most `timeoutMs`: a slow or dead resolver answers "no
 * such record" rather than holding the SMTP session open.
 */
function withTimeout(resolver: Resolver, timeoutMs: number): Resolver {
  return (name, rrtype) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(Object.assign(new Error(`DNS ${rrtype} ${name} timed out`), { code: 'ETIMEOUT' })), timeoutMs);
      resolver(name, rrtype).then(
        (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });
}

const resultOf = (r: unknown): string => {
  const status = (r as { status?: { result?: unknown } } | false | undefined) || undefined;
  return typeof status?.status?.result === 'string' ? status.status.result : 'none';
};

/**
 * Evaluates SPF, DKIM and DMARC with mailauth. The whole check has a ceiling
 * (a few lookups' worth of the per-lookup timeout); past it, or on any error,
 * the result is neutral: no DNS never quarantines and never hangs.
 */
export async function authenticateMessage(
  raw: Buffer,
  opts: { ip?: string; helo?: string; sender: string | null; resolver: Resolver; timeoutMs: number },
): Promise<AuthResult> {
  const neutral = (note: string): AuthResult => ({ spf: 'neutral', dkim: 'neutral', dmarc: 'neutral', note });
  let timer: NodeJS.Timeout | undefined;
  const ceiling = new Promise<AuthResult>((resolve) => {
    timer = setTimeout(() => resolve(neutral('authentication timed out')), opts.timeoutMs * 4);
  });
  const check = authenticate(raw, {
    ip: opts.ip,
    helo: opts.helo,
    sender: opts.sender || undefined,
    mta: hostname(),
    resolver: withTimeout(opts.resolver, opts.timeoutMs),
    disableArc: true,
    disableBimi: true,
  }).then(
    (r): AuthResult => ({
      spf: opts.ip ? resultOf(r.spf) : 'none',
      dkim: r.dkim.results?.length ? (r.dkim.results.some((d) => resultOf(d) === 'pass') ? 'pass' : resultOf(r.dkim.results[0])) : 'none',
      dmarc: resultOf(r.dmarc),
    }),
    (err: unknown) => neutral(`authentication failed: ${err instanceof Error ? err.message : String(err)}`),
  );
  try {
    return await Promise.race([check, ceiling]);
  } finally {
    clearTimeout(timer);
  }
}
