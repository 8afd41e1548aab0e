import { describe, expect, it } from 'vitest';
import { fieldError } from '../../../src/lib/problem.js';
import { INTAKE_RULES } from '../../../src/modules/inquiries/inquiries.errors.js';
import { InquiryInputSchema } from '../../../src/modules/inquiries/inquiries.schemas.js';
import { emptyForm, intakeRefusals, schemaRefusals, toFormErrors, type FormValues } from '../../../src/modules/inquiries/inquiry-form.fields.js';
import { validInquiry } from '../../helpers/app.js';

// The form words its errors from structured data: the issue's code and params,
// the use case's rule. What the English messages say does not matter.

const typed = (overrides: Partial<FormValues>): FormValues => ({ ...emptyForm('en'), name: 'Mei', subject: 'S', deadlineDate: '2020-01-01', deadlineTime: '09:00', ...overrides });

function issuesOf(body: Record<string, unknown>) {
  const parsed = InquiryInputSchema.safeParse(body);
  expect(parsed.success).toBe(false);
  return parsed.error!.issues;
}

describe('inquiry form errors from structured refusals', () => {
  it('a text over its limit is tooLong with the limit, read from the issue (not its words)', () => {
    const issues = issuesOf(validInquiry({ name: 'x'.repeat(201) }));
    expect(schemaRefusals(issues)).toEqual([{ field: 'name', max: 200 }]);
    const reworded = issues.map((i) => ({ ...i, message: 'trop long' }));
    expect(toFormErrors(schemaRefusals(reworded), typed({ name: 'x'.repeat(201) }))).toEqual([{ field: 'name', code: 'tooLong', max: 200 }]);
  });

  it('a line break in a single-line field is singleLine, by the rule the field names', () => {
    const issues = issuesOf(validInquiry({ subject: 'one\ntwo' }));
    expect(schemaRefusals(issues)).toEqual([{ field: 'subject', rule: 'single_line' }]);
    expect(toFormErrors(schemaRefusals(issues), typed({ subject: 'one\ntwo' }))).toEqual([{ field: 'subject', code: 'singleLine' }]);
  });

  it("a past deadline is deadlinePast by intake's rule; the same words without the rule are only invalid", () => {
    const past = { ...fieldError('deadline', 'must be in the future'), rule: INTAKE_RULES.deadlinePast };
    expect(toFormErrors(intakeRefusals([past]), typed({}))).toEqual([{ field: 'deadline', code: 'deadlinePast' }]);
    expect(toFormErrors(intakeRefusals([fieldError('deadline', 'must be in the future')]), typed({}))).toEqual([{ field: 'deadline', code: 'invalid' }]);
  });

  it('an empty field is required whatever the refusal', () => {
    expect(toFormErrors([{ field: 'name', max: 200 }], typed({ name: '  ' }))).toEqual([{ field: 'name', code: 'required' }]);
  });
});
