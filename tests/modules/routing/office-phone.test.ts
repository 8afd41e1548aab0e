import { describe, expect, it } from 'vitest';
import { officePhone } from '../../../src/modules/routing/index.js';
import { directory, withOffice, withOfficer } from './demo-directory.js';

// The number a reporter on deadline is given (the acknowledgement, the holding note): pure, no database.

describe('officePhone', () => {
  const phones = withOfficer('c-juana', { phone: ' +6012 530 9693 ' }, withOfficer('c-indra', { phone: '+6012 292 6872' }));

  it("is the duty officer's number, trimmed, when they have one", () => {
    expect(officePhone(directory({ officers: phones }), 'malaysia')).toBe('+6012 530 9693');
  });

  it("falls back to the first active member with a number, in directory order, when the duty officer has none or there is none", () => {
    expect(officePhone(directory({ officers: withOfficer('c-juana', { phone: null }, phones) }), 'malaysia')).toBe('+6012 292 6872');
    // No duty officer: Indra comes before Juana in the directory.
    expect(officePhone(directory({ offices: withOffice('malaysia', { dutyContactId: null }), officers: phones }), 'malaysia')).toBe('+6012 292 6872');
    expect(officePhone(directory({ officers: withOfficer('c-juana', { active: false }, phones) }), 'malaysia')).toBe('+6012 292 6872');
  });

  it("never gives another office's number, a blank one, or one of an unknown office: null instead", () => {
    expect(officePhone(directory({ officers: phones }), 'china')).toBeNull();
    expect(officePhone(directory({ officers: withOfficer('c-juana', { phone: '   ' }, withOfficer('c-indra', { phone: null }, phones)) }), 'malaysia')).toBeNull();
    expect(officePhone(directory({ officers: phones }), 'atlantis')).toBeNull();
  });
});
