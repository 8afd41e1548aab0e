import type { AppDeps } from '../../app-env.js';
import type { Config } from '../../config.js';
import { consume, type LimitSpec, type Verdict } from '../../db/rate-limit.js';
import { writeBehindLimit } from '../../db/rate-limit.write-behind.js';
import { sha256 } from '../../lib/tokens.js';

// Limits on intake floods and acknowledgement floods. Counters live in
// Postgres (shared by every app process) and are keyed by hashes only; the two
// on the intake path are counted in-process and written behind, so a new
// inquiry waits for no limit's round trip.

/** Inquiries per client address, the form and POST /api/inquiries counted together. */
export function intakeClientLimit(config: Config): LimitSpec {
  return { name: 'intake-client', points: config.INTAKE_MAX_PER_CLIENT, durationSeconds: config.INTAKE_WINDOW_MINUTES * 60 };
}

/** Acknowledgement emails to one reporter address per hour. */
export function acknowledgementLimit(config: Config): LimitSpec {
  return { name: 'intake-ack', points: config.ACK_MAX_PER_ADDRESS_PER_HOUR, durationSeconds: 3600 };
}

/** Follow-up messages from one status page (token) per hour. */
export function followUpLimit(config: Config): LimitSpec {
  return { name: 'follow-up', points: config.FOLLOW_UP_MAX_PER_HOUR, durationSeconds: 3600 };
}

/** Counts one intake attempt from this client (a hash from clientHash()). */
export function hitIntakeClient(deps: AppDeps, clientKey: string): Verdict {
  return writeBehindLimit(deps, intakeClientLimit(deps.config)).hit(clientKey);
}

/** Counts one acknowledgement to `email` (case-insensitive); refused over the hourly cap. */
export function hitAcknowledgement(deps: AppDeps, email: string): Verdict {
  return writeBehindLimit(deps, acknowledgementLimit(deps.config)).hit(sha256(`ack:${email.trim().toLowerCase()}`));
}

/** Counts one follow-up through the status page with this token. */
export function hitFollowUp(deps: AppDeps, statusToken: string): Promise<Verdict> {
  return consume(deps, followUpLimit(deps.config), sha256(`follow-up:${statusToken}`));
}

/** "in about 12 minutes": rounded up, never 0. */
export function retryMinutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}
