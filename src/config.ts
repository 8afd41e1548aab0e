import { z } from 'zod';

/**
 * Configuration, parsed once from the environment. Every limit has a default
 * and a variable so an operator can tune it without touching code.
 */
const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url().optional())
  .optional();

// A secret of at least 32 characters, or unset (an empty value counts as unset).
const optionalSecret = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.string().min(32, 'must be at least 32 characters').optional())
  .optional();

const intFrom = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: intFrom(3000).pipe(z.number().max(65535)),
  // Loopback unless told otherwise: a demo with a password on screen should not face the network. Containers set 0.0.0.0.
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: optionalUrl,
  DATA_DIR: z.string().default('.data'),
  // The embedded Postgres' port (127.0.0.1); unset: a free port on each start.
  EMBEDDED_PG_PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(65535).optional()),
  SMTP_URL: optionalUrl,
  // Only the address is the service's: mail is From the office's mail display name, or ORG_NAME when no office sends it.
  MAIL_FROM: z.string().default('press@pressdesk.example.org'),
  // The organisation the press offices belong to: From name of mail no office sends (shared articles, staff mail), and its name in email text.
  ORG_NAME: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[^\r\n<>"]+$/, 'must be one line without < > or "')
    .default('UNICEF'),
  REPLY_DOMAIN: z.string().optional(),
  // Unset: http://localhost:<PORT>, so links in emails and statusUrl reach this server when PORT changes.
  PUBLIC_BASE_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER: z.enum(['inline', 'off']).default('inline'),
  // Jobs at once per worker; each sending job holds one SMTP connection (a message is several round
  // trips to the relay), so under a burst this is what keeps acknowledgements within a second.
  WORKER_CONCURRENCY: intFrom(40, 1),
  // Every worker beats this often; a worker silent for WORKER_STALE_AFTER_MS has its jobs unlocked by a live one.
  WORKER_HEARTBEAT_MS: intFrom(10_000, 100),
  WORKER_STALE_AFTER_MS: intFrom(30_000, 500),
  DB_POOL_SIZE: intFrom(20, 1),
  BODY_LIMIT_BYTES: intFrom(64 * 1024, 1024),
  // Bodies elsewhere, sized to what each form takes percent-encoded (413 above, before the body is read):
  // the public forms (share, unsubscribe …), the desk's sign-in, and the desk (a 20,000-character reply).
  FORM_BODY_LIMIT_BYTES: intFrom(32 * 1024, 1024),
  SIGN_IN_BODY_LIMIT_BYTES: intFrom(8 * 1024, 1024),
  DESK_BODY_LIMIT_BYTES: intFrom(192 * 1024, 1024),
  // The request line and headers: a longer path and query → 414; more header bytes → 431 (Node's maxHeaderSize).
  MAX_URL_BYTES: intFrom(8 * 1024, 1024),
  MAX_HEADER_BYTES: intFrom(16 * 1024, 4096),
  EMAIL_MAX_ATTEMPTS: intFrom(10, 1),
  DEADLINE_MARGIN_MINUTES: intFrom(60),
  // Escalation: once the lead was told an inquiry is overdue, how long before it moves to the parent office.
  ESCALATION_REROUTE_AFTER_MINUTES: intFrom(120, 1),
  IDEMPOTENCY_TTL_HOURS: intFrom(24, 1),
  // An admin API token the operator chooses (at least 24 characters); stored hashed at start.
  ADMIN_TOKEN: z.string().regex(/^[A-Za-z0-9_-]{24,200}$/, 'must be 24-200 characters of A-Z a-z 0-9 _ -').optional(),
  // /metrics: a bearer token Prometheus must send, and/or a port of its own on 127.0.0.1. Neither set: not served.
  METRICS_TOKEN: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().regex(/^[A-Za-z0-9._~+/-]{24,200}={0,2}$/, 'must be 24-200 characters of A-Z a-z 0-9 . _ ~ + / - (base64 padding allowed)').optional(),
  ),
  METRICS_PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(65535).optional()),
  // Staff sessions: signed out after this long without activity, and after this long in any case.
  SESSION_IDLE_MINUTES: intFrom(120, 1),
  SESSION_ABSOLUTE_HOURS: intFrom(12, 1),
  // Sign-in throttling, per 15 minutes: failures per (account, client address) and per client address (generous: a newsroom
  // behind one address) are refused with 429; per account, from any address, only slowed down, so nobody can lock an officer out.
  LOGIN_MAX_PER_ACCOUNT_CLIENT: intFrom(5, 1),
  LOGIN_MAX_PER_CLIENT: intFrom(50, 1),
  LOGIN_SLOWDOWN_AFTER: intFrom(10, 1),
  LOGIN_SLOWDOWN_MAX_MS: intFrom(3000, 0).pipe(z.number().max(30_000)),
  // Sign-in link emails per account per hour (and at most one a minute); a client asking for the first time always gets one.
  SIGN_IN_LINK_EMAILS_PER_HOUR: intFrom(5, 1),
  SIGN_IN_LINK_MINUTES: intFrom(15, 1),
  // How many reverse proxies of ours stand in front (true = 1): the client is that many X-Forwarded-For entries from the right.
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(/^(?:true|false|\d{1,2})$/, 'must be true, false or a number of proxies')
    .default('false')
    .transform((v) => (v === 'true' ? 1 : v === 'false' ? 0 : Number(v))),
  // The demo staff accounts' password. Unset: a random one made on first start, kept in DATA_DIR/demo-password.
  DEMO_PASSWORD: z.string().min(8).optional(),
  // Public pages (/, /news/{slug}, /contacts …) are kept rendered this many seconds; 0 renders every request. At most 30, so pages stay within their 60 s max-age.
  PUBLIC_PAGE_CACHE_SECONDS: intFrom(5).pipe(z.number().max(30)),
  PRIVACY_NOTICE_VERSION: z.string().default('2026-11'),
  // "Email this article": messages per day per client address, per sender address and per recipient address.
  SHARE_MAX_PER_CLIENT_PER_DAY: intFrom(50, 1),
  SHARE_MAX_PER_SENDER_PER_DAY: intFrom(20, 1),
  SHARE_MAX_PER_RECIPIENT_PER_DAY: intFrom(3, 1),
  // The ALTCHA proof of work. Unset key: one generated once and kept in the database (table share_secrets), so every process agrees.
  ALTCHA_HMAC_KEY: optionalSecret,
  ALTCHA_EXPIRE_MINUTES: intFrom(10, 1),
  // PBKDF2/SHA-256 iterations per attempt, and the range the secret counter is drawn from (work ≈ cost × counter).
  ALTCHA_COST: intFrom(5000, 1),
  ALTCHA_COUNTER_MIN: intFrom(5000, 1),
  ALTCHA_COUNTER_MAX: intFrom(10000, 1),
  // Intake flood limit: inquiries (form and API together) per client address per window; generous for a newsroom behind one NAT.
  INTAKE_MAX_PER_CLIENT: intFrom(30, 1),
  INTAKE_WINDOW_MINUTES: intFrom(60, 1),
  // Acknowledgements to one reporter address per hour; above it the inquiry is still accepted, without the email.
  ACK_MAX_PER_ADDRESS_PER_HOUR: intFrom(5, 1),
  // Follow-up messages from one status page per hour.
  FOLLOW_UP_MAX_PER_HOUR: intFrom(10, 1),
  // Attachments (email in, desk replies, the reporter's form): per file, per message, per inquiry, and files on the form.
  ATTACHMENT_MAX_BYTES: intFrom(10 * 1024 * 1024, 1),
  ATTACHMENTS_MAX_PER_MESSAGE: intFrom(10, 1),
  ATTACHMENTS_MAX_BYTES_PER_MESSAGE: intFrom(25 * 1024 * 1024, 1),
  ATTACHMENTS_MAX_BYTES_PER_INQUIRY: intFrom(50 * 1024 * 1024, 1),
  FORM_MAX_FILES: intFrom(3, 0),
  // Bodies of the two forms that carry files (multipart), above the attachment limits they are checked against afterwards.
  DESK_REPLY_BODY_LIMIT_BYTES: intFrom(27 * 1024 * 1024, 1024),
  INQUIRY_FORM_BODY_LIMIT_BYTES: intFrom(26 * 1024 * 1024, 1024),
  // Reporters' status links and reply addresses are derived from this secret (at least 32 characters).
  // Unset: generated once and kept in DATA_DIR/link-secret; several machines must all set the same one.
  LINK_SECRET: optionalSecret,
  // Email in: the SMTP listener (npm start and npm run inbound; INBOUND_SMTP=off runs none), the largest message (announced
  // with SIZE, 552 above; also the webhook's body limit), the webhook's bearer token (unset: POST /api/inbound/mime is 404),
  // how long SPF/DKIM/DMARC lookups may take (then neutral), and how long after closing a reply reopens rather than starts anew.
  INBOUND_SMTP: z.enum(['on', 'off']).default('on'),
  INBOUND_SMTP_HOST: z.string().default('127.0.0.1'),
  INBOUND_SMTP_PORT: intFrom(2525).pipe(z.number().max(65535)),
  INBOUND_MAX_BYTES: intFrom(26_214_400, 1024),
  INBOUND_TOKEN: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().regex(/^[A-Za-z0-9._~+/-]{24,200}={0,2}$/, 'must be 24-200 characters of A-Z a-z 0-9 . _ ~ + / -').optional(),
  ),
  INBOUND_DNS_TIMEOUT_MS: intFrom(1500, 1),
  INBOUND_REOPEN_DAYS: intFrom(30, 1),
  SEED_DEMO: z
    .enum(['auto', 'true', 'false'])
    .default('auto'),
});

export type Config = z.infer<typeof configSchema> & {
  PUBLIC_BASE_URL: string;
  /** Address of the sender; the display name is ours, never a reporter's. */
  mailFrom: { name: string; address: string };
  replyDomain: string;
};

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

const ADDRESS_RE = /^[^<>\s@]+@[^<>\s@]+$/;

/**
 * MAIL_FROM as `Name <address>`, `"Name" <address>` or a bare address; null
 * when it is neither. Plain string steps rather than one regex with optional
 * parts, whose overlapping \s* runs backtrack super-linearly.
 */
function parseMailFrom(value: string): { name: string; address: string } | null {
  const v = value.trim();
  if (!v.endsWith('>')) return ADDRESS_RE.test(v) ? { name: '', address: v } : null;
  const open = v.lastIndexOf('<');
  if (open < 0) return null;
  const address = v.slice(open + 1, -1);
  let name = v.slice(0, open).trim();
  if (name.startsWith('"')) name = name.slice(1);
  if (name.endsWith('"')) name = name.slice(0, -1);
  if (!ADDRESS_RE.test(address) || /["<>\r\n]/.test(name)) return null;
  return { name: name.trim(), address };
}

/** The URL without trailing slashes (a loop: /\/+$/ rescans each run of slashes from every start). */
function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  if (parsed.data.METRICS_PORT !== undefined && parsed.data.METRICS_PORT === parsed.data.PORT) {
    throw new ConfigError([`METRICS_PORT: must differ from PORT (${parsed.data.PORT}); it is the metrics server's own port`]);
  }
  const from = parseMailFrom(parsed.data.MAIL_FROM);
  if (!from) throw new ConfigError([`MAIL_FROM: expected "Name <address@domain>", got ${JSON.stringify(parsed.data.MAIL_FROM)}`]);
  const { address } = from;
  const name = from.name || parsed.data.ORG_NAME;
  return {
    ...parsed.data,
    PUBLIC_BASE_URL: withoutTrailingSlashes(parsed.data.PUBLIC_BASE_URL ?? `http://localhost:${parsed.data.PORT}`),
    mailFrom: { name, address },
    replyDomain: parsed.data.REPLY_DOMAIN ?? address.split('@')[1]!,
  };
}

/**
 * Postgres connections for a process: DB_POOL_SIZE, and at least one per job
 * slot where the job worker runs (graphile-worker warns, and slows, below that).
 */
export function poolSize(config: Pick<Config, 'DB_POOL_SIZE' | 'WORKER_CONCURRENCY'>, runsWorker: boolean): number {
  return runsWorker ? Math.max(config.DB_POOL_SIZE, config.WORKER_CONCURRENCY) : config.DB_POOL_SIZE;
}
