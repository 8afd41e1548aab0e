import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONTACTS } from '../../../db/seeds/demo.js';
import { buildTestContext, type TestContext } from '../../helpers/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
});
afterAll(async () => {
  await t.close();
});

interface OfficeBody {
  code: string;
  name: string;
  city: string;
  timeZone: string;
  kind: string;
  parent: string | null;
  countries: string[];
  email: string;
  responseTargetHours: number;
}

async function offices(): Promise<OfficeBody[]> {
  const res = await t.request('/api/offices');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return ((await res.json()) as { offices: OfficeBody[] }).offices;
}

describe('GET /api/offices', () => {
  it('lists the four demo offices, country offices first, with codes, cities, time zones, kinds and parents', async () => {
    const list = await offices();
    expect(list.map((o) => [o.code, o.city, o.timeZone, o.kind, o.parent])).toEqual([
      ['china', 'Beijing', 'Asia/Shanghai', 'country', 'eapro'],
      ['malaysia', 'Kuala Lumpur', 'Asia/Kuala_Lumpur', 'country', 'eapro'],
      ['eapro', 'Bangkok', 'Asia/Bangkok', 'regional', 'hq'],
      ['hq', 'New York', 'America/New_York', 'head', null],
    ]);
    const malaysia = list.find((o) => o.code === 'malaysia')!;
    expect(malaysia).toEqual({
      code: 'malaysia',
      name: 'UNICEF Media Malaysia',
      city: 'Kuala Lumpur',
      timeZone: 'Asia/Kuala_Lumpur',
      kind: 'country',
      parent: 'eapro',
      countries: ['MY'],
      email: 'media.malaysia@example.org',
      responseTargetHours: 8,
    });
  });

  it('shows which countries each office covers: CN → china, MY → malaysia, TH in eapro, hq none', async () => {
    const byCode = Object.fromEntries((await offices()).map((o) => [o.code, o.countries]));
    expect(byCode.china).toEqual(['CN']);
    expect(byCode.malaysia).toEqual(['MY']);
    expect(byCode.eapro).toContain('TH');
    expect(byCode.eapro).not.toContain('CN');
    expect(byCode.eapro).not.toContain('MY');
    expect(byCode.hq).toEqual([]);
    // A country belongs to one office at most (the table's primary key); the API must not duplicate it.
    const all = Object.values(byCode).flat();
    expect(new Set(all).size).toBe(all.length);
    // Sorted, so clients and caches see a stable answer.
    expect(byCode.eapro).toEqual([...byCode.eapro!].sort());
  });

  it('leaves out an office that is not active', async () => {
    await t.db
      .insertInto('offices')
      .values({ code: 'closed-desk', name: 'Closed desk', city: 'Nowhere', time_zone: 'UTC', kind: 'country', email: 'closed@example.org', active: false })
      .execute();
    const codes = (await offices()).map((o) => o.code);
    expect(codes).not.toContain('closed-desk');
    expect(codes).toHaveLength(4);
  });
});

interface ContactBody {
  id: string;
  name: string;
  title: string;
  email: string;
  phone: string | null;
  languages: string[];
  office: { code: string; name: string };
}

describe('GET /api/contacts', () => {
  it("lists the release's three contacts with titles, phones and their office", async () => {
    const res = await t.request('/api/contacts');
    expect(res.status).toBe(200);
    const { contacts: all } = (await res.json()) as { contacts: ContactBody[] };
    const releaseEmails = new Set<string>(DEMO_CONTACTS.map((c) => c.email));
    const contacts = all.filter((c) => releaseEmails.has(c.email));
    expect(contacts.map(({ id: _id, ...rest }) => rest)).toEqual([
      {
        name: 'Dale Rutstein',
        title: 'UNICEF Media China',
        email: 'dale.rutstein@example.org',
        phone: '+86 139 1097 3801',
        languages: ['en', 'zh'],
        office: { code: 'china', name: 'UNICEF Media China' },
      },
      {
        name: 'Indra Kumari Nadchatram',
        title: 'UNICEF Media Malaysia',
        email: 'indra.nadchatram@example.org',
        phone: '+6012 292 6872',
        languages: ['en', 'ms'],
        office: { code: 'malaysia', name: 'UNICEF Media Malaysia' },
      },
      {
        name: 'Juana Jaafar',
        title: 'UNICEF Media Malaysia',
        email: 'juana.jaafar@example.org',
        phone: '+6012 530 9693',
        languages: ['ms', 'en'],
        office: { code: 'malaysia', name: 'UNICEF Media Malaysia' },
      },
    ]);
    for (const c of all) expect(c.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // Besides the release's three, the demo's regional and head office officers.
    expect(all.filter((c) => !releaseEmails.has(c.email)).map((c) => [c.name, c.office.code])).toEqual([
      ['Pim Rattanakul', 'eapro'],
      ['Alex Morgan', 'hq'],
    ]);
  });

  it('leaves out a contact who is no longer active', async () => {
    const china = await t.db.selectFrom('offices').select('id').where('code', '=', 'china').executeTakeFirstOrThrow();
    await t.db
      .insertInto('contacts')
      .values({ office_id: china.id, name: 'Former Officer', title: 'UNICEF Media China', email: 'former.officer@example.org', active: false })
      .execute();
    const { contacts } = (await (await t.request('/api/contacts')).json()) as { contacts: ContactBody[] };
    expect(contacts.map((c) => c.name)).not.toContain('Former Officer');
    expect(contacts).toHaveLength(5);
  });
});
