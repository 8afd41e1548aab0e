import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeTimeLeft, formatDue } from '../../../src/modules/desk/queue.format.js';
import { buildTestContext, type TestContext } from '../../helpers/app.js';
import { ADMIN, allPages, apiQueue, DALE, JUANA, newTopic, pageHtml, seedInquiries, signIn } from './queue-helpers.js';

let t: TestContext;
let dale: string;
let juana: string;
let admin: string;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
  [dale, juana, admin] = await Promise.all([signIn(t, DALE), signIn(t, JUANA), signIn(t, ADMIN)]);
});
afterAll(async () => {
  await t.close();
});

const refs = (items: { reference: string }[]) => items.map((i) => i.reference);

/** The <tr> of the queue table that links to that inquiry. */
function rowOf(html: string, id: string): string {
  const row = html.split('<tr>').find((r) => r.includes(`/desk/inquiries/${id}"`));
  if (!row) throw new Error(`no row for ${id}`);
  return row.split('</tr>')[0]!;
}

describe('the queue: order', () => {
  it('sorts urgent first, then by due time, then by id (API and page)', async () => {
    const topic = await newTopic(t);
    const [late, urgentLate, overdue, urgentSoon, tieA, tieB] = await seedInquiries(t, [
      { office: 'china', topic, due: 30 },
      { office: 'china', topic, due: 300, priority: 'urgent' },
      { office: 'china', topic, due: -20 },
      { office: 'china', topic, due: 10, priority: 'urgent' },
      { office: 'china', topic, due: '2026-11-30T06:00:00Z' },
      { office: 'china', topic, due: '2026-11-30T06:00:00Z' },
    ]);
    const ties = [tieA!, tieB!].sort((a, b) => (a.id < b.id ? -1 : 1));
    const expected = [urgentSoon!, urgentLate!, overdue!, late!, ...ties].map((r) => r.reference);

    const body = await apiQueue(t, dale, { topic });
    expect(refs(body.items)).toEqual(expected);
    expect(body.items[0]!.priority).toBe('urgent');

    const { res, html } = await pageHtml(t, dale, { topic });
    expect(res.status).toBe(200);
    const order = expected.map((ref) => html.indexOf(`>${ref}</a>`));
    expect(order.every((pos) => pos > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('the queue: views', () => {
  it('mine = assigned to me; unassigned = my offices, nobody assigned; offices = all of my offices (default)', async () => {
    const topic = await newTopic(t);
    const [a, b, d, e, f] = await seedInquiries(t, [
      { office: 'china', topic, assignee: DALE },
      { office: 'china', topic },
      { office: 'malaysia', topic, assignee: DALE }, // another office's, but assigned to Dale
      { office: 'malaysia', topic },
      { office: 'malaysia', topic, assignee: JUANA },
    ]);
    const set = async (cookie: string, view?: string) =>
      refs((await apiQueue(t, cookie, view ? { topic, view } : { topic })).items).sort();
    const sorted = (...rows: { reference: string }[]) => rows.map((r) => r.reference).sort();

    expect(await set(dale, 'mine')).toEqual(sorted(a!, d!));
    expect(await set(dale, 'unassigned')).toEqual(sorted(b!));
    expect(await set(dale, 'offices')).toEqual(sorted(a!, b!));
    expect(await set(dale)).toEqual(sorted(a!, b!));

    expect(await set(juana, 'mine')).toEqual(sorted(f!));
    expect(await set(juana, 'unassigned')).toEqual(sorted(e!));
    expect(await set(juana, 'offices')).toEqual(sorted(d!, e!, f!));

    expect(await set(admin, 'mine')).toEqual([]);
    expect(await set(admin, 'unassigned')).toEqual(sorted(b!, e!));
    expect(await set(admin, 'offices')).toEqual(sorted(a!, b!, d!, e!, f!));

    const { html } = await pageHtml(t, dale, { topic, view: 'unassigned' });
    expect(html).toMatch(/<a href="[^"]*view=unassigned[^"]*" aria-current="page">Unassigned<\/a>/);
    expect(html).toContain(`>${b!.reference}</a>`);
    expect(html).not.toContain(`>${a!.reference}</a>`);
  });
});

describe('the queue: filters', () => {
  it('status: closed ones only when asked for; each status filters', async () => {
    const topic = await newTopic(t);
    const [fresh, open, closed] = await seedInquiries(t, [
      { office: 'china', topic, status: 'new' },
      { office: 'china', topic, status: 'open' },
      { office: 'china', topic, status: 'closed' },
    ]);
    expect(refs((await apiQueue(t, dale, { topic })).items).sort()).toEqual([fresh!.reference, open!.reference].sort());
    expect(refs((await apiQueue(t, dale, { topic, status: 'open' })).items)).toEqual([open!.reference]);
    expect(refs((await apiQueue(t, dale, { topic, status: 'closed' })).items)).toEqual([closed!.reference]);
  });

  it('office: an admin narrows to one office; an officer asking for another office gets nothing', async () => {
    const topic = await newTopic(t);
    const [cn, my] = await seedInquiries(t, [
      { office: 'china', topic },
      { office: 'malaysia', topic },
    ]);
    expect(refs((await apiQueue(t, admin, { topic, office: 'malaysia' })).items)).toEqual([my!.reference]);
    expect(refs((await apiQueue(t, admin, { topic, office: 'china' })).items)).toEqual([cn!.reference]);
    expect(refs((await apiQueue(t, dale, { topic, office: 'china' })).items)).toEqual([cn!.reference]);
    for (const view of ['mine', 'unassigned', 'offices']) {
      const body = await apiQueue(t, dale, { topic, office: 'malaysia', view });
      expect(body.items).toEqual([]);
      expect(body.counts).toEqual({ new: 0, open: 0, reporter_replied: 0, waiting: 0, answered: 0 });
    }
  });

  it('topic, country (any case) and language', async () => {
    const topic = await newTopic(t);
    const other = await newTopic(t);
    const [hk, cn, zh, elsewhere] = await seedInquiries(t, [
      { office: 'china', topic, country: 'HK' },
      { office: 'china', topic, country: 'CN' },
      { office: 'china', topic, country: 'CN', language: 'zh' },
      { office: 'china', topic: other, country: 'HK' },
    ]);
    expect(refs((await apiQueue(t, dale, { topic, country: 'HK' })).items)).toEqual([hk!.reference]);
    expect(refs((await apiQueue(t, dale, { topic, country: 'hk' })).items)).toEqual([hk!.reference]);
    expect(refs((await apiQueue(t, dale, { topic, language: 'zh' })).items)).toEqual([zh!.reference]);
    expect(refs((await apiQueue(t, dale, { topic, language: 'en' })).items).sort()).toEqual([hk!.reference, cn!.reference].sort());
    expect(refs((await apiQueue(t, dale, { topic: other })).items)).toEqual([elsewhere!.reference]);
    // The page's GET form sends empty fields for "any": they are no filter at all.
    const { res, html } = await pageHtml(t, dale, `view=offices&q=&status=&office=&topic=${topic}&country=hk&language=`);
    expect(res.status).toBe(200);
    expect(html).toContain(`>${hk!.reference}</a>`);
    expect(html).not.toContain(`>${cn!.reference}</a>`);
    expect(html).toContain('<form method="get" action="/desk" role="search"');
  });
});

describe('the queue: counts', () => {
  it('counts each open status for the view and filters, whatever the status filter', async () => {
    const topic = await newTopic(t);
    await seedInquiries(t, [
      ...Array.from({ length: 2 }, () => ({ office: 'china', topic, status: 'new' as const })),
      { office: 'china', topic, status: 'open' },
      ...Array.from({ length: 3 }, () => ({ office: 'china', topic, status: 'waiting' as const })),
      { office: 'china', topic, status: 'answered' },
      ...Array.from({ length: 2 }, () => ({ office: 'china', topic, status: 'closed' as const })),
      { office: 'malaysia', topic, status: 'new' },
    ]);
    const expected = { new: 2, open: 1, reporter_replied: 0, waiting: 3, answered: 1 };
    expect((await apiQueue(t, dale, { topic })).counts).toEqual(expected);
    const waiting = await apiQueue(t, dale, { topic, status: 'waiting' });
    expect(waiting.counts).toEqual(expected);
    expect(waiting.items.map((i) => i.status)).toEqual(['waiting', 'waiting', 'waiting']);
    expect((await apiQueue(t, admin, { topic })).counts).toEqual({ ...expected, new: 3 });
    const { html } = await pageHtml(t, dale, { topic });
    for (const text of ['New: 2', 'Open: 1', 'Waiting on reporter: 3', 'Answered: 1']) expect(html).toContain(text);
  });
});

describe('the queue: each row', () => {
  it('shows reference link, subject, outlet, country, office, assignee, status, urgency, due time in the office zone and time left', async () => {
    const topic = await newTopic(t);
    const [soon, late, ny] = await seedInquiries(t, [
      { office: 'china', topic, priority: 'urgent', due: '2026-11-30T10:00:00Z', assignee: DALE, subject: 'Floods <b>in</b> Hunan', outlet: 'Caixin', country: 'CN' },
      { office: 'china', topic, due: -20, outlet: 'Xinhua' },
      { office: 'hq', topic, due: '2026-11-30T10:00:00Z', country: 'FR' },
    ]);
    const { html } = await pageHtml(t, dale, { topic });
    const row = rowOf(html, soon!.id);
    expect(row).toContain(`<a href="/desk/inquiries/${soon!.id}">${soon!.reference}</a>`);
    expect(row).toContain('Floods &lt;b&gt;in&lt;/b&gt; Hunan');
    for (const text of ['Caixin', '<td>CN</td>', 'UNICEF Media China', 'Dale Rutstein', '<td>New</td>', '<strong class="urgent">Urgent</strong>']) {
      expect(row).toContain(text);
    }
    // Due 10:00 UTC is 18:00 in Beijing; the test clock says 02:00 UTC.
    expect(row).toContain('<time datetime="2026-11-30T10:00:00.000Z">Mon 30 Nov, 18:00 GMT+8</time>');
    expect(row).toContain('in 8 h');
    const overdue = rowOf(html, late!.id);
    expect(overdue).toContain('overdue by 20 min');
    expect(overdue).toContain('nobody');
    expect(overdue).not.toContain('Urgent');

    // The head office's inquiry, seen by an admin, in New York time.
    expect(rowOf((await pageHtml(t, admin, { topic })).html, ny!.id)).toContain('Mon 30 Nov, 05:00 GMT-5');

    const body = await apiQueue(t, dale, { topic });
    const item = body.items.find((i) => i.id === soon!.id)!;
    expect(item).toMatchObject({
      reference: soon!.reference,
      url: `/desk/inquiries/${soon!.id}`,
      outlet: 'Caixin',
      country: 'CN',
      office: { code: 'china', name: 'UNICEF Media China', timeZone: 'Asia/Shanghai' },
      assignee: { name: 'Dale Rutstein' },
      status: 'new',
      priority: 'urgent',
      dueAt: '2026-11-30T10:00:00.000Z',
      minutesLeft: 480,
    });
    expect(body.items.find((i) => i.id === late!.id)!.minutesLeft).toBe(-20);
  });
});

describe('the queue: keyset pagination', () => {
  it('walks 137 inquiries in pages of 50 with no duplicate and no gap, in the same order as SQL (ties to the microsecond)', async () => {
    const topic = await newTopic(t);
    const seeded = await seedInquiries(
      t,
      Array.from({ length: 137 }, (_, n) => ({
        office: 'china',
        topic,
        priority: n % 7 === 0 ? ('urgent' as const) : ('normal' as const),
        // Many share a due time: the id decides among them.
        due: `2026-12-0${1 + (n % 4)}T0${n % 3}:00:00Z`,
      })),
    );
    // Due times apart by single microseconds, which a JS Date cannot hold.
    await sql`update inquiries set due_at = due_at + (random() * 3)::int * interval '1 microsecond' where topic = ${topic}`.execute(t.db);
    const { rows: expected } = await sql<{ reference: string }>`
      select reference from inquiries where topic = ${topic} order by (priority <> 'urgent'), due_at, id`.execute(t.db);

    const { items, pages } = await allPages(t, dale, { topic });
    expect(pages).toBe(3);
    expect(new Set(refs(items)).size).toBe(137);
    expect(refs(items)).toEqual(expected.map((r) => r.reference));
    expect(new Set(refs(items))).toEqual(new Set(seeded.map((r) => r.reference)));

    // The page: "Next page" links carry the cursor; the last page has none.
    const first = await pageHtml(t, dale, { topic });
    const next = /<a href="(\/desk\?[^"]*after=[^"]+)" rel="next">Next page<\/a>/.exec(first.html)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toBeDefined();
    const second = await t.request(next!, { headers: { cookie: dale } });
    const secondHtml = await second.text();
    expect(secondHtml).toContain(`>${expected[50]!.reference}</a>`);
    expect(secondHtml).toContain(`>${expected[99]!.reference}</a>`);
    expect(secondHtml).not.toContain(`>${expected[49]!.reference}</a>`);
    expect(secondHtml).not.toContain(`>${expected[100]!.reference}</a>`);
    expect(secondHtml).toContain('>First page</a>');
    const third = /<a href="(\/desk\?[^"]*after=[^"]+)" rel="next">/.exec(secondHtml)![1]!.replaceAll('&amp;', '&');
    const thirdHtml = await (await t.request(third, { headers: { cookie: dale } })).text();
    expect(thirdHtml).toContain(`>${expected[136]!.reference}</a>`);
    expect(thirdHtml).not.toContain('rel="next"');
  });

  it('pages an officer of two offices across both, merged in queue order', async () => {
    const topic = await newTopic(t);
    // Juana joins the China office too, for this test only.
    const { juanaContact, chinaId } = await (async () => {
      const c = await t.db.selectFrom('contacts').select('id').where('email', '=', JUANA).executeTakeFirstOrThrow();
      const o = await t.db.selectFrom('offices').select('id').where('code', '=', 'china').executeTakeFirstOrThrow();
      return { juanaContact: c.id, chinaId: o.id };
    })();
    await t.db.insertInto('office_members').values({ office_id: chinaId, contact_id: juanaContact, role: 'officer' }).execute();
    try {
      await seedInquiries(
        t,
        Array.from({ length: 60 }, (_, n) => ({
          office: n % 2 ? 'china' : 'malaysia',
          topic,
          priority: n % 9 === 0 ? ('urgent' as const) : ('normal' as const),
          due: 30 + ((n * 37) % 60),
        })),
      );
      const { rows: expected } = await sql<{ reference: string }>`
        select reference from inquiries where topic = ${topic} order by (priority <> 'urgent'), due_at, id`.execute(t.db);
      const { items, pages } = await allPages(t, juana, { topic });
      expect(pages).toBe(2);
      expect(refs(items)).toEqual(expected.map((r) => r.reference));
      expect((await apiQueue(t, juana, { topic })).counts.new).toBe(60);
    } finally {
      await t.db.deleteFrom('office_members').where('office_id', '=', chinaId).where('contact_id', '=', juanaContact).execute();
    }
  });
});

describe('the queue: time left and due time', () => {
  const now = new Date('2026-11-30T02:00:00Z');
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
  it.each([
    [0, 'due now'],
    [-0.5, 'overdue by under a minute'],
    [45, 'in 45 min'],
    [-20, 'overdue by 20 min'],
    [180, 'in 3 h'],
    [200, 'in 3 h 20 min'],
    [-25 * 60, 'overdue by 1 d 1 h'],
    [3 * 24 * 60, 'in 3 d'],
  ])('%s minutes from now reads "%s"', (minutes, text) => {
    expect(describeTimeLeft(at(minutes), now)).toBe(text);
  });

  it("shows the due time in each office's own zone, with its offset", () => {
    const due = new Date('2026-11-30T10:00:00Z');
    expect(formatDue(due, 'Asia/Shanghai')).toBe('Mon 30 Nov, 18:00 GMT+8');
    expect(formatDue(due, 'Asia/Bangkok')).toBe('Mon 30 Nov, 17:00 GMT+7');
    expect(formatDue(due, 'America/New_York')).toBe('Mon 30 Nov, 05:00 GMT-5');
  });
});
