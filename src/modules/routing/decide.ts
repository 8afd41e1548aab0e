import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { openLoads } from './directory.repository.js';
import { route } from './engine.js';
import type { OpenLoadCache } from './open-loads.cache.js';
import type { Directory, RoutableInquiry, RoutingDecision } from './routing.types.js';

/**
 * Routing with live loads, as intake and the admin dry-run both need it. The
 * engine is pure; the only live input is the officers' open load. The office
 * does not depend on load, so a first pass finds it and only the loads of its
 * members are read for the second, balancing pass: counted afresh, or from
 * intake's cache, which is then told whom the inquiry went to.
 */
export async function decide(
  deps: { db: Database; config: Pick<Config, 'DEADLINE_MARGIN_MINUTES'>; openLoads?: OpenLoadCache },
  inquiry: RoutableInquiry,
  directory: Directory,
  now: Date,
): Promise<RoutingDecision> {
  const options = { deadlineMarginMinutes: deps.config.DEADLINE_MARGIN_MINUTES };
  const first = route(inquiry, directory, now, options);
  const members = directory.officers.filter((o) => o.active && o.memberships.some((m) => m.officeCode === first.officeCode));
  if (members.length < 2) return first;
  const ids = members.map((m) => m.id);
  const cache = deps.openLoads;
  const loads = cache ? await cache.get(deps.db, ids) : await openLoads(deps.db, ids);
  const decision = route(inquiry, directory, now, { ...options, loads });
  if (cache && decision.contactId) cache.assigned(decision.contactId);
  return decision;
}
