import { fieldError, validationError, type FieldError } from '../../lib/problem.js';
import { findArticleForInquiry } from '../articles/index.js';
import { decide } from '../routing/index.js';
import type { DirectoryRule } from '../routing/index.js';
import { knownTopics } from './admin.repository.js';
import type { DryRunInput } from './admin.schemas.js';
import { checkRuleRefs, type RuleRefs } from './admin.validation.js';
import type { AdminDeps } from './admin.write.js';

export interface DryRunResult {
  at: string;
  ruleSet: 'saved' | 'proposed';
  office: { code: string; name: string };
  contact: { id: string; name: string; title: string } | null;
  priority: 'urgent' | 'normal';
  dueAt: string;
  reasons: string[];
}

/**
 * Where an inquiry would go at a given moment, and why: the live engine on
 * the current directory (or on a proposed rule set in its place). Only reads.
 */
export async function dryRun(deps: AdminDeps, input: DryRunInput): Promise<DryRunResult> {
  const { inquiry } = input;
  const at = input.at ? new Date(input.at) : deps.clock.now();
  const deadline = inquiry.deadline ? new Date(inquiry.deadline) : null;
  const topics = [...new Set([...(inquiry.topic ? [inquiry.topic] : []), ...(input.rules ?? []).flatMap((r) => r.conditions.topics ?? [])])];
  const [directory, known, article] = await Promise.all([
    deps.directory.get(),
    knownTopics(deps.db, topics),
    inquiry.articleSlug ? findArticleForInquiry(deps.db, inquiry.articleSlug, at) : null,
  ]);

  const errors: FieldError[] = [];
  if (deadline && deadline <= at) errors.push(fieldError('inquiry.deadline', 'must be after the moment of the dry-run (at, or now)'));
  if (inquiry.topic && !known.has(inquiry.topic)) errors.push(fieldError('inquiry.topic', `is not a known topic (${inquiry.topic})`));
  if (inquiry.articleSlug && !article) errors.push(fieldError('inquiry.articleSlug', 'is not an article published at that moment'));

  let rules = directory.rules;
  if (input.rules) {
    const refs: RuleRefs = {
      offices: new Set(directory.offices.map((o) => o.code)),
      contacts: new Map(directory.officers.map((o) => [o.id, { name: o.name, active: o.active, offices: o.memberships.map((m) => m.officeCode) }])),
      topics: known,
    };
    input.rules.forEach((r, i) => {
      errors.push(...checkRuleRefs({ office: r.office, contactId: r.contactId ?? null, topics: r.conditions.topics ?? [] }, refs, `rules.${i}.`));
    });
    rules = input.rules.map(
      (r, i): DirectoryRule => ({
        id: r.id ?? `proposed-${i + 1}`,
        name: r.name,
        position: i + 1,
        enabled: r.enabled ?? true,
        conditions: r.conditions,
        officeCode: r.office,
        contactId: r.contactId ?? null,
      }),
    );
  }
  if (errors.length) throw validationError(errors);

  // Counted afresh, and nobody is assigned: not through intake's open-load cache.
  const decision = await decide(
    { db: deps.db, config: deps.config },
    {
      country: inquiry.country,
      language: inquiry.language,
      topic: inquiry.topic ?? null,
      outletType: inquiry.outletType ?? null,
      subject: inquiry.subject,
      deadline,
      articleContactIds: article?.contactIds ?? [],
    },
    { ...directory, rules },
    at,
  );
  const office = directory.offices.find((o) => o.code === decision.officeCode)!;
  const contact = decision.contactId ? directory.officers.find((o) => o.id === decision.contactId) : undefined;
  return {
    at: at.toISOString(),
    ruleSet: input.rules ? 'proposed' : 'saved',
    office: { code: office.code, name: office.name },
    contact: contact ? { id: contact.id, name: contact.name, title: contact.title } : null,
    priority: decision.priority,
    dueAt: decision.dueAt.toISOString(),
    reasons: decision.reasons,
  };
}
