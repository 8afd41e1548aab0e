import { ruleMatches } from './rules.js';
import { type DirectoryLookup, isMember } from './directory-lookup.js';
import type { DirectoryOffice, DirectoryOfficer, DirectoryRule, RoutableInquiry } from './routing.types.js';

// Which office: the article's contacts, then admin rules, then the office
// covering the country (or its first active fallback), then the head office.

export interface OfficeChoice {
  office: DirectoryOffice;
  /** An officer an input named (the article's contact, the rule's contact); taken if on duty. */
  preferred: DirectoryOfficer | null;
}

const KIND_ORDER: Record<DirectoryOffice['kind'], number> = { country: 0, regional: 1, head: 2 };

export function headOffice(lookup: DirectoryLookup): DirectoryOffice {
  const head = lookup.directory.offices.find((o) => o.active && o.kind === 'head');
  // Admin validation keeps an active head office; without one the directory is broken.
  if (!head) throw new Error('The directory has no active head office');
  return head;
}

/** The offices above `office` (parent, grandparent…), stopping at an unknown code or a cycle. */
export function* fallbackChain(office: DirectoryOffice, lookup: DirectoryLookup): Generator<DirectoryOffice> {
  const seen = new Set([office.code]);
  for (let code = office.parentCode; code !== null && !seen.has(code); ) {
    const parent = lookup.offices.get(code);
    if (!parent) return;
    seen.add(code);
    yield parent;
    code = parent.parentCode;
  }
}

export function coveringOffice(country: string, lookup: DirectoryLookup, reasons: string[]): DirectoryOffice {
  const covering = lookup.directory.offices
    .filter((o) => o.countries.some((c) => c.toUpperCase() === country))
    // The most specific active office first: a country office before the regional one that also lists the country.
    .sort((a, b) => Number(b.active) - Number(a.active) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind])[0];
  if (!covering) {
    const head = headOffice(lookup);
    reasons.push(`country ${country} is covered by no office → ${head.code}`);
    return head;
  }
  reasons.push(`country ${country} → ${covering.code}`);
  if (covering.active) return covering;
  let inactive = covering;
  for (const parent of fallbackChain(covering, lookup)) {
    reasons.push(`${inactive.code} is inactive → ${parent.code}`);
    if (parent.active) return parent;
    inactive = parent;
  }
  const head = headOffice(lookup);
  reasons.push(`${inactive.code} is inactive and no office above it is active → ${head.code}`);
  return head;
}

// A stable sort: rules with the same position keep the directory's order (the loader's tie-break).
const byPosition = (a: DirectoryRule, b: DirectoryRule) => a.position - b.position;

function fromArticle(inquiry: RoutableInquiry, covering: DirectoryOffice, lookup: DirectoryLookup, reasons: string[]): OfficeChoice | null {
  if (inquiry.articleContactIds.length === 0) return null;
  for (const id of inquiry.articleContactIds) {
    const officer = lookup.officer(id);
    if (officer?.active && isMember(officer, covering.code)) {
      reasons.push(`article lists ${officer.name} for ${covering.code}`);
      return { office: covering, preferred: officer };
    }
  }
  reasons.push(`article lists no active officer of ${covering.code}`);
  return null;
}

function fromRules(inquiry: RoutableInquiry, lookup: DirectoryLookup, reasons: string[]): OfficeChoice | null {
  const { rules } = lookup.directory;
  // The loader hands rules over in position order; sort a copy only if they are not.
  const ordered = rules.every((r, i) => i === 0 || rules[i - 1]!.position <= r.position) ? rules : [...rules].sort(byPosition);
  for (const rule of ordered) {
    if (!rule.enabled || !ruleMatches(rule, inquiry)) continue;
    const office = lookup.offices.get(rule.officeCode);
    if (!office?.active) {
      reasons.push(`rule '${rule.name}' → ${rule.officeCode} skipped: ${office ? `${office.code} is inactive` : 'no such office'}`);
      continue;
    }
    reasons.push(`rule '${rule.name}' → ${office.code}`);
    if (rule.contactId === null) return { office, preferred: null };
    const officer = lookup.officer(rule.contactId);
    if (officer?.active && isMember(officer, office.code)) {
      reasons.push(`rule '${rule.name}' prefers ${officer.name}`);
      return { office, preferred: officer };
    }
    reasons.push(`rule '${rule.name}' names ${officer?.name ?? 'an unknown officer'}, who is not an active member of ${office.code}`);
    return { office, preferred: null };
  }
  return null;
}

/** The office an inquiry goes to before business hours are considered, and any officer an input named. */
export function chooseOffice(inquiry: RoutableInquiry, lookup: DirectoryLookup, reasons: string[]): OfficeChoice {
  const covering = coveringOffice(inquiry.country.toUpperCase(), lookup, reasons);
  return (
    fromArticle(inquiry, covering, lookup, reasons) ??
    fromRules(inquiry, lookup, reasons) ?? { office: covering, preferred: null }
  );
}
