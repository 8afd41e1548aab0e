import type { Database, Executor } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import { audit } from '../audit/index.js';
import { leadsOffice } from './access.js';
import type { Actor } from './actions.usecases.js';
import {
  cannedAnswersOfOffice,
  deleteCannedAnswer,
  findCannedAnswerOfOffice,
  insertCannedAnswer,
  officeByCode,
  updateCannedAnswer,
  type CannedText,
} from './canned.repository.js';
import { isUuid } from './inquiry.repository.js';
import { deskErrors } from './desk.errors.js';

// Canned answers, per office: its leads (and admins) keep them; officers pick
// one on the inquiry page to pre-fill their reply.

export interface CannedDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
}

export interface CannedOffice {
  id: string;
  code: string;
  name: string;
}

/** The office by its code, if the actor leads it; anyone else is logged and audited, then refused. */
export async function officeForLead(deps: CannedDeps, actor: Actor, code: string): Promise<CannedOffice> {
  const office = await officeByCode(deps.db, code);
  if (!office) throw deskErrors.officeNotFound.error();
  if (!leadsOffice(actor.staff, office.id)) {
    deps.logger.warn({ requestId: actor.requestId, staffId: actor.staff.id, office: office.code }, 'canned answers: not a lead');
    await audit(deps.db, { at: deps.clock.now(), actorId: actor.staff.id, action: 'access.denied', targetType: 'office', targetId: office.id, detail: { action: 'canned' }, clientHash: actor.clientHash });
    throw deskErrors.cannedRefused.error();
  }
  return office;
}

export function cannedAnswers(deps: CannedDeps, office: CannedOffice) {
  return cannedAnswersOfOffice(deps.db, office.id);
}

/** The id of one of the office's answers; any other id (malformed, another office's) is 404. */
export async function cannedAnswerOf(deps: CannedDeps, office: CannedOffice, id: string): Promise<string> {
  const row = isUuid(id) ? await findCannedAnswerOfOffice(deps.db, office.id, id) : undefined;
  if (!row) throw deskErrors.cannedNotFound.error();
  return row.id;
}

const auditCanned = (deps: CannedDeps, db: Executor, actor: Actor, action: string, id: string, office: CannedOffice) =>
  audit(db, { at: deps.clock.now(), actorId: actor.staff.id, action: `canned.${action}`, targetType: 'canned_answer', targetId: id, detail: { office: office.code }, clientHash: actor.clientHash });

export async function createCannedAnswer(deps: CannedDeps, actor: Actor, office: CannedOffice, text: CannedText) {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const id = await insertCannedAnswer(trx, office.id, text, now);
    await auditCanned(deps, trx, actor, 'create', id, office);
  });
}

export async function changeCannedAnswer(deps: CannedDeps, actor: Actor, office: CannedOffice, id: string, text: CannedText) {
  await deps.db.transaction().execute(async (trx) => {
    await updateCannedAnswer(trx, id, text, deps.clock.now());
    await auditCanned(deps, trx, actor, 'update', id, office);
  });
}

export async function removeCannedAnswer(deps: CannedDeps, actor: Actor, office: CannedOffice, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    await deleteCannedAnswer(trx, id);
    await auditCanned(deps, trx, actor, 'delete', id, office);
  });
}
