import { fieldError, validationError } from '../../lib/problem.js';
import {
  deleteRuleRow,
  findRule,
  insertRule,
  listRules,
  renumberRules,
  ruleOrder,
  ruleRefs,
  updateRuleRow,
  type RuleRow,
} from './admin.repository.js';
import type { RuleInput, RulePatch } from './admin.schemas.js';
import { checkReorder, checkRuleRefs } from './admin.validation.js';
import { type AdminDeps, directoryWrite } from './admin.write.js';
import { adminErrors } from './admin.errors.js';

// Routing rules: positions stay 1..n in priority order after every write.

export async function createRule(deps: AdminDeps, input: RuleInput): Promise<RuleRow> {
  return directoryWrite(deps, async (trx) => {
    const contactId = input.contactId ?? null;
    const [refs, order] = await Promise.all([
      ruleRefs(trx, contactId ? [contactId] : [], input.conditions.topics ?? []),
      ruleOrder(trx),
    ]);
    const errors = checkRuleRefs({ office: input.office, contactId, topics: input.conditions.topics ?? [] }, refs);
    if (input.position !== undefined && input.position > order.length + 1) {
      errors.push(fieldError('position', `must be from 1 to ${order.length + 1} (there are ${order.length} rules)`));
    }
    if (errors.length) throw validationError(errors);

    const now = deps.clock.now();
    const id = await insertRule(trx, {
      position: order.length + 1,
      name: input.name,
      enabled: input.enabled ?? true,
      conditions: JSON.stringify(input.conditions),
      office_id: refs.officeIds.get(input.office)!,
      contact_id: contactId,
      created_at: now,
      updated_at: now,
    });
    order.splice((input.position ?? order.length + 1) - 1, 0, id);
    await renumberRules(trx, order);
    return (await findRule(trx, id))!;
  });
}

export async function updateRule(deps: AdminDeps, id: string, patch: RulePatch): Promise<RuleRow> {
  return directoryWrite(deps, async (trx) => {
    const rule = await findRule(trx, id);
    if (!rule) throw adminErrors.ruleNotFound.error();
    const merged = {
      office: patch.office ?? rule.office,
      contactId: patch.contactId !== undefined ? patch.contactId : rule.contactId,
      topics: (patch.conditions ?? rule.conditions).topics ?? [],
    };
    const refs = await ruleRefs(trx, merged.contactId ? [merged.contactId] : [], merged.topics);
    // Only what this request changes is checked, so a rule whose contact has
    // since left the office can still be renamed or disabled.
    const errors = checkRuleRefs(merged, refs, '', {
      office: patch.office !== undefined,
      contact: patch.contactId !== undefined,
      topics: patch.conditions !== undefined,
    });
    if (errors.length) throw validationError(errors);

    await updateRuleRow(trx, rule.id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      ...(patch.conditions !== undefined ? { conditions: JSON.stringify(patch.conditions) } : {}),
      ...(patch.office !== undefined ? { office_id: refs.officeIds.get(patch.office)! } : {}),
      ...(patch.contactId !== undefined ? { contact_id: patch.contactId } : {}),
      updated_at: deps.clock.now(),
    });
    return (await findRule(trx, rule.id))!;
  });
}

export async function deleteRule(deps: AdminDeps, id: string): Promise<void> {
  await directoryWrite(deps, async (trx) => {
    const rule = await findRule(trx, id);
    if (!rule) throw adminErrors.ruleNotFound.error();
    await deleteRuleRow(trx, rule.id);
    await renumberRules(trx, await ruleOrder(trx));
  });
}

export async function reorderRules(deps: AdminDeps, ids: string[]): Promise<RuleRow[]> {
  return directoryWrite(deps, async (trx) => {
    const errors = checkReorder(ids, await ruleOrder(trx));
    if (errors.length) throw validationError(errors);
    await renumberRules(trx, ids);
    return listRules(trx);
  });
}
