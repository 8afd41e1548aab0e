export interface Backoff {
  /** The first delay. */
  baseMs: number;
  /** No delay is longer than this. */
  maxMs: number;
}

/**
 * The wait before retry number `attempt` (0 for the first): doubling from
 * baseMs up to maxMs, then drawn from its upper half, so processes that lost
 * their database together do not all come back in the same instant.
 */
export function backoffDelay(attempt: number, { baseMs, maxMs }: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
