import type { Executor } from '../../db/database.js';
import { fieldError, validationError, type FieldError } from '../../lib/problem.js';
import {
  countriesCoveredElsewhere,
  findOfficeDetail,
  insertOffice,
  officeRefs,
  replaceCountries,
  replaceHolidays,
  replaceHours,
  ruleRefs,
  updateOfficeRow,
  type OfficeRef,
} from './admin.repository.js';
import type { HolidaysInput, HoursInput, OfficeCreate, OfficeDetail, OfficePatch } from './admin.schemas.js';
import { checkHolidays, checkHours, fallbackCycle } from './admin.validation.js';
import { type AdminDeps, directoryWrite } from './admin.write.js';
import { adminErrors } from './admin.errors.js';

export async function getOffice(db: Executor, code: string): Promise<OfficeDetail> {
  const office = await findOfficeDetail(db, code);
  if (!office) throw adminErrors.officeNotFound.error();
  return office;
}

async function lockedOffice(trx: Executor, code: string): Promise<{ office: OfficeRef; offices: Map<string, OfficeRef> }> {
  const offices = await officeRefs(trx);
  const office = offices.get(code);
  if (!office) throw adminErrors.officeNotFound.error();
  return { office, offices };
}

function checkParent(offices: Map<string, OfficeRef>, code: string, parent: string | null): FieldError[] {
  if (parent === null) return [];
  if (!offices.has(parent)) return [fieldError('parent', `is not an office code (${parent})`)];
  const parents = new Map([...offices.values()].map((o) => [o.code, o.parentCode]));
  const cycle = fallbackCycle(parents, code, parent);
  return cycle ? [fieldError('parent', `would make the fallbacks loop: ${cycle.join(' → ')}`)] : [];
}

async function checkCountries(trx: Executor, countries: string[] | undefined, officeId: string | null): Promise<FieldError[]> {
  if (!countries) return [];
  const taken = await countriesCoveredElsewhere(trx, countries, officeId);
  return countries.flatMap((c, i) => {
    const other = taken.get(c);
    // One office per country (office_countries' key): moving one is two explicit edits, never a silent steal.
    return other ? [fieldError(`countries.${i}`, `${c} is covered by ${other}; take it off ${other} first`)] : [];
  });
}

async function checkDutyOfficer(trx: Executor, code: string, id: string | null | undefined): Promise<FieldError[]> {
  if (id == null) return [];
  const contact = (await ruleRefs(trx, [id], [])).contacts.get(id);
  if (!contact) return [fieldError('dutyOfficer', `is not a contact (${id})`)];
  if (!contact.active) return [fieldError('dutyOfficer', `${contact.name} is inactive`)];
  if (!contact.offices.includes(code)) return [fieldError('dutyOfficer', `${contact.name} is not a member of ${code}`)];
  return [];
}

export async function patchOffice(deps: AdminDeps, code: string, patch: OfficePatch): Promise<OfficeDetail> {
  return directoryWrite(deps, async (trx) => {
    const { office, offices } = await lockedOffice(trx, code);
    const errors = [
      ...(patch.parent !== undefined ? checkParent(offices, code, patch.parent) : []),
      ...(await checkDutyOfficer(trx, code, patch.dutyOfficer)),
      ...(await checkCountries(trx, patch.countries, office.id)),
    ];
    // Routing always needs a head office to fall back to (there is one, see offices_one_head).
    if (patch.active === false && office.kind === 'head') {
      errors.push(fieldError('active', `${code} is the head office, the last fallback: it cannot be deactivated`));
    }
    if (errors.length) throw validationError(errors);

    const set = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.timeZone !== undefined ? { time_zone: patch.timeZone } : {}),
      ...(patch.parent !== undefined ? { parent_id: patch.parent === null ? null : offices.get(patch.parent)!.id } : {}),
      ...(patch.responseTargetHours !== undefined ? { response_target_hours: patch.responseTargetHours } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(patch.dutyOfficer !== undefined ? { duty_contact_id: patch.dutyOfficer } : {}),
      ...(patch.mailDisplayName !== undefined ? { mail_display_name: patch.mailDisplayName } : {}),
    };
    if (Object.keys(set).length) await updateOfficeRow(trx, office.id, set);
    if (patch.countries) await replaceCountries(trx, office.id, patch.countries);
    return (await findOfficeDetail(trx, code))!;
  });
}

export async function createOffice(deps: AdminDeps, input: OfficeCreate): Promise<OfficeDetail> {
  return directoryWrite(deps, async (trx) => {
    const offices = await officeRefs(trx);
    const errors = [
      ...(offices.has(input.code) ? [fieldError('code', `is already an office code (${input.code})`)] : []),
      ...(input.parent != null && !offices.has(input.parent) ? [fieldError('parent', `is not an office code (${input.parent})`)] : []),
      ...(await checkCountries(trx, input.countries, null)),
    ];
    const head = [...offices.values()].find((o) => o.kind === 'head');
    if (input.kind === 'head' && head) errors.push(fieldError('kind', `there is already a head office (${head.code})`));
    if (errors.length) throw validationError(errors);

    const id = await insertOffice(trx, {
      code: input.code,
      name: input.name,
      city: input.city,
      kind: input.kind,
      email: input.email,
      time_zone: input.timeZone,
      parent_id: input.parent != null ? offices.get(input.parent)!.id : null,
      ...(input.responseTargetHours !== undefined ? { response_target_hours: input.responseTargetHours } : {}),
      active: input.active ?? true,
      created_at: deps.clock.now(),
      duty_contact_id: null,
      mail_display_name: input.mailDisplayName ?? null,
    });
    if (input.countries?.length) await replaceCountries(trx, id, input.countries);
    return (await findOfficeDetail(trx, input.code))!;
  });
}

export async function putHours(deps: AdminDeps, code: string, hours: HoursInput): Promise<OfficeDetail> {
  return directoryWrite(deps, async (trx) => {
    const { office } = await lockedOffice(trx, code);
    const errors = checkHours(hours);
    if (errors.length) throw validationError(errors);
    await replaceHours(trx, office.id, hours);
    return (await findOfficeDetail(trx, code))!;
  });
}

export async function putHolidays(deps: AdminDeps, code: string, holidays: HolidaysInput): Promise<OfficeDetail> {
  return directoryWrite(deps, async (trx) => {
    const { office } = await lockedOffice(trx, code);
    const errors = checkHolidays(holidays);
    if (errors.length) throw validationError(errors);
    await replaceHolidays(trx, office.id, holidays);
    return (await findOfficeDetail(trx, code))!;
  });
}
