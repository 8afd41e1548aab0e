import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ARTICLE_SLUG } from '../../../db/seeds/demo.js';
import { buildTestContext, validInquiry, type TestContext } from '../../helpers/app.js';
import { expectNothingStored, expectProblem } from './problem-assertions.js';

// Every case here must be refused with a problem+json and leave the database as it was.

let t: TestContext;
beforeAll(async () => {
  t = await buildTestContext();
});
afterAll(async () => {
  await t.close();
});

const post = (body: unknown, headers?: Record<string, string>) => t.postJson('/api/inquiries', body, headers);

/** Posts, asserts a 422 naming exactly `fields`, and that nothing was stored. */
async function expect422(body: unknown, fields: string[]) {
  return expectNothingStored(t, async () => expectProblem(await post(body), 422, 'validation_failed', fields));
}

describe('missing, wrong-typed and unknown fields → 422 with per-field errors', () => {
  it('an empty object → 422 naming every required field, nothing stored', async () => {
    const problem = await expect422({}, ['name', 'email', 'outlet', 'country', 'subject', 'message', 'consent']);
    expect(problem.detail).toMatch(/7 fields/);
  });

  it.each(['name', 'email', 'outlet', 'country', 'subject', 'message', 'consent'])(
    'missing %s → 422 naming it, nothing stored',
    async (field) => {
      const body = validInquiry();
      delete body[field];
      await expect422(body, [field]);
    },
  );

  it.each(['name', 'outlet', 'subject', 'message'])('blank %s (only spaces) → 422, nothing stored', async (field) => {
    await expect422(validInquiry({ [field]: '   ' }), [field]);
  });

  it('wrong types → 422 naming each field, nothing stored', async () => {
    const wrong = {
      name: 42,
      email: ['mei.ling@example.com'],
      outlet: { name: 'The Star' },
      country: 60,
      subject: null,
      message: false,
      consent: 'true',
      phone: 60123456789,
      language: 'fr',
      topic: ['health'],
      articleSlug: 7,
      deadline: 1796169600000,
      outletType: 'blog',
      involvesChildren: 'yes',
    };
    await expect422(validInquiry(wrong), Object.keys(wrong));
  });

  it.each([
    ['an array', []],
    ['null', null],
    ['a string', 'hello'],
    ['a number', 42],
  ])('a JSON body that is %s → 422, nothing stored', async (_what, body) => {
    const res = await expectNothingStored(t, () => post(JSON.stringify(body)));
    const problem = await expectProblem(res, 422, 'validation_failed', ['(body)']);
    expect(problem.errors).toEqual([{ field: '(body)', pointer: '#', detail: expect.stringMatching(/expected object/) }]);
  });

  it('unknown fields status, office, assignee (and other internal ones) → 422 naming each, nothing stored', async () => {
    const internal = { status: 'closed', office: 'hq', assignee: 'dale.rutstein@example.org', priority: 'urgent', id: '00000000-0000-4000-8000-000000000000' };
    const problem = await expect422(validInquiry(internal), Object.keys(internal));
    for (const e of problem.errors!) expect(e.detail).toBe('is not a known field');
  });

  it('unknown field names with "/", "~", "." or spaces get an exact JSON Pointer (RFC 6901) → 422, nothing stored', async () => {
    const problem = await expect422(validInquiry({ 'a/b~c': 1, 'x.y': 2, 'two words': 3 }), ['a/b~c', 'x.y', 'two words']);
    expect(Object.fromEntries(problem.errors!.map((e) => [e.field, e.pointer]))).toEqual({
      'a/b~c': '#/a~1b~0c',
      'x.y': '#/x.y',
      'two words': '#/two%20words',
    });
  });

  it('a "__proto__" key is an unknown field, not a prototype → 422, nothing stored', async () => {
    const body = JSON.stringify(validInquiry()).replace(/^\{/, '{"__proto__":{"status":"closed"},');
    const res = await expectNothingStored(t, () => post(body));
    await expectProblem(res, 422, 'validation_failed', ['__proto__']);
  });
});

describe('malformed JSON → 400, wrong content type → 415, too large → 413; the process stays healthy', () => {
  it.each([
    ['truncated', '{"name": "Mei Ling"'],
    ['a trailing comma', JSON.stringify(validInquiry()).replace(/\}$/, ',}')],
    ['single quotes', "{'name': 'Mei Ling'}"],
    ['empty', ''],
    ['not JSON at all', 'name=Mei+Ling'],
  ])('malformed JSON (%s) → 400, nothing stored', async (_what, body) => {
    const res = await expectNothingStored(t, () => post(body));
    await expectProblem(res, 400, 'bad_request');
  });

  it.each([
    ['text/plain', JSON.stringify(validInquiry())],
    ['text/plain;charset=UTF-8', JSON.stringify(validInquiry())],
    ['application/x-www-form-urlencoded', new URLSearchParams(validInquiry() as Record<string, string>).toString()],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nMei\r\n--x--\r\n'],
    ['application/xml', '<inquiry/>'],
  ])('content type %s → 415, nothing stored', async (type, body) => {
    const res = await expectNothingStored(t, () =>
      t.request('/api/inquiries', { method: 'POST', headers: { 'content-type': type }, body }),
    );
    await expectProblem(res, 415, 'unsupported_media_type');
  });

  it('no content type at all → 415, nothing stored', async () => {
    const res = await expectNothingStored(t, () =>
      t.request('/api/inquiries', { method: 'POST', body: new Blob([JSON.stringify(validInquiry())]) }),
    );
    await expectProblem(res, 415, 'unsupported_media_type');
  });

  function oversized(): string {
    const body = JSON.stringify(validInquiry({ email: 'too.large@example.com', message: 'x'.repeat(t.config.BODY_LIMIT_BYTES) }));
    expect(Buffer.byteLength(body)).toBeGreaterThan(t.config.BODY_LIMIT_BYTES);
    return body;
  }

  it('a body over BODY_LIMIT_BYTES with Content-Length → 413, nothing stored, then a valid inquiry is still accepted', async () => {
    const body = oversized();
    const res = await expectNothingStored(t, () =>
      t.request('/api/inquiries', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
        body,
      }),
    );
    const problem = await expectProblem(res, 413, 'payload_too_large');
    expect(problem.detail).toContain(String(t.config.BODY_LIMIT_BYTES));

    const ok = await post(validInquiry({ email: 'after.413@example.com' }));
    expect(ok.status).toBe(201);
  });

  it('a streamed (chunked, no Content-Length) body over BODY_LIMIT_BYTES → 413, nothing stored, then a valid inquiry is still accepted', async () => {
    const bytes = new TextEncoder().encode(oversized());
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(bytes.subarray(i, i + 4096));
        controller.close();
      },
    });
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit;
    const req = new Request('http://pressdesk.test/api/inquiries', init);
    expect(req.headers.has('content-length')).toBe(false);
    const res = await expectNothingStored(t, () => Promise.resolve(t.app.request(req)));
    await expectProblem(res, 413, 'payload_too_large');

    const ok = await post(validInquiry({ email: 'after.streamed.413@example.com' }));
    expect(ok.status).toBe(201);
  });

  it('a body just under the limit is not refused for its size', async () => {
    // Proves the 413 above is about size: this one is parsed and fails only on the message's own length rule.
    const base = JSON.stringify(validInquiry({ message: '' }));
    const body = JSON.stringify(validInquiry({ message: 'x'.repeat(t.config.BODY_LIMIT_BYTES - Buffer.byteLength(base)) }));
    expect(Buffer.byteLength(body)).toBe(t.config.BODY_LIMIT_BYTES);
    const res = await expectNothingStored(t, () => post(body));
    await expectProblem(res, 422, 'validation_failed', ['message']);
  });
});

describe('email addresses that are not one plain address → 422 (ASVS 1.3.11)', () => {
  it.each([
    ['CR/LF with an injected header', 'mei@example.com\r\nBcc: victim@example.com'],
    ['LF', 'mei@example.com\nvictim@example.com'],
    ['CR', 'mei@example.com\rvictim@example.com'],
    ['a comment in the local part', 'mei(x)@example.com'],
    ['a leading comment', '(x)mei@example.com'],
    ['a trailing comment', 'mei@example.com(x)'],
    ['group syntax', 'a: b@c.de;'],
    ['NUL', 'mei\u0000@example.com'],
    ['a quoted local part with a space', '"a b"@c.de'],
    ['a quoted local part', '"mei"@example.com'],
    ['a display name', 'Name <a@b.co>'],
    ['angle brackets', '<a@b.co>'],
    ['two addresses with a comma', 'a@b.co, victim@example.com'],
    ['two addresses with a semicolon', 'a@b.co;victim@example.com'],
    ['two addresses with a space', 'a@b.co victim@example.com'],
    ['no domain', 'mei@'],
    ['no at sign', 'mei.example.com'],
  ])('email with %s → 422, nothing stored', async (_what, email) => {
    await expect422(validInquiry({ email }), ['email']);
  });
});

describe('CR/LF/NUL in name, outlet, subject → 422 (refused, not folded)', () => {
  const cases = ['name', 'outlet', 'subject'].flatMap((field) =>
    [
      ['CR/LF', 'Hello\r\nBcc: victim@example.com'],
      ['LF', 'Hello\nBcc: victim@example.com'],
      ['CR', 'Hello\rBcc: victim@example.com'],
      ['NUL', 'Hello\u0000world'],
      ['a line separator', 'Hello\u2028Bcc: victim@example.com'],
    ].map(([what, value]) => [field, what, value] as const),
  );
  it.each(cases)('%s with %s → 422, nothing stored', async (field, _what, value) => {
    await expect422(validInquiry({ [field]: value }), [field]);
  });

  it('NUL in the message → 422, nothing stored', async () => {
    await expect422(validInquiry({ message: 'Hello\u0000world' }), ['message']);
  });

  it('header-like text without CR/LF is sent as text: each SMTP message has exactly its intended recipient and no injected header', async () => {
    const reporter = 'header.lookalike@example.com';
    const res = await post(
      validInquiry({
        email: reporter,
        name: 'Eve To: victim@example.com',
        outlet: 'Daily <victim@example.com>, Cc: victim@example.com',
        subject: 'Hi Bcc: victim@example.com',
      }),
    );
    expect(res.status).toBe(201);
    const { reference, id } = await res.json();
    const officer = await t.db.selectFrom('inquiries as i').innerJoin('contacts as c', 'c.id', 'i.contact_id').select('c.email').where('i.id', '=', id).executeTakeFirstOrThrow();
    const before = t.smtp!.received.length;
    await t.runJobs();
    await t.smtp!.waitFor(before + 3);
    const mails = t.smtp!.received.filter((m) => m.raw.includes(reference));

    // The acknowledgement to the reporter, an alert to the assigned officer and one to the office inbox, nothing else.
    expect(mails.map((m) => m.envelope.to).sort()).toEqual([['header.lookalike@example.com'], [officer.email], ['media.malaysia@example.org']].sort());
    for (const m of mails) {
      const [to] = m.envelope.to;
      expect(m.parsed.to && !Array.isArray(m.parsed.to) ? m.parsed.to.value.map((a) => a.address) : null).toEqual([to]);
      expect(m.parsed.cc).toBeUndefined();
      expect(m.parsed.bcc).toBeUndefined();
      const head = m.raw.slice(0, m.raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
      const names = head.split(/\r?\n/).map((l) => l.slice(0, l.indexOf(':')).toLowerCase());
      expect(names).not.toContain('bcc');
      expect(names).not.toContain('cc');
      expect(names.filter((n) => n === 'to')).toHaveLength(1);
      // victim@example.com only ever shows up as text inside the Subject header.
      for (const line of head.split(/\r?\n/).filter((l) => l.includes('victim@example.com'))) expect(line).toMatch(/^Subject: /);
    }
    const ack = mails.find((m) => m.envelope.to[0] === reporter)!;
    expect(ack.parsed.subject).toContain('Hi Bcc: victim@example.com');
    expect(t.smtp!.received.some((m) => m.envelope.to.includes('victim@example.com'))).toBe(false);
  });
});

describe('unpaired surrogates (valid JSON escapes, not text) → 422 naming where, nothing stored', () => {
  // JSON.stringify keeps a lone surrogate as the escape \udXXX, so the body is the one a client would send.
  it.each([
    ['subject', 'a high surrogate alone', 'Broken \ud800 text'],
    ['message', 'a low surrogate alone', 'Also \udc00 here'],
    ['name', 'two high surrogates in a row', '\ud83d\ud83d'],
  ])('%s with %s → 422, nothing stored', async (field, _what, value) => {
    const problem = await expect422(validInquiry({ [field]: value }), [field]);
    expect(problem.errors![0]!.detail).toMatch(/unpaired surrogate/);
  });

  it('a key holding one → 422 naming it with U+FFFD in its place', async () => {
    const problem = await expect422({ ...validInquiry(), 'odd\udfffkey': 'x' }, ['odd\ufffdkey']);
    expect(problem.errors![0]!.pointer).toBe(`#/${encodeURIComponent('odd\ufffdkey')}`);
  });

  it('a paired surrogate (an emoji) is text and is accepted', async () => {
    const res = await post(validInquiry({ subject: 'Flooding \ud83c\udf0a update', email: 'emoji.subject@example.com' }));
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const row = await t.db.selectFrom('inquiries').select('subject').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.subject).toBe('Flooding 🌊 update');
  });

  it('deep inside a deeply nested body → 422, not a crash', async () => {
    // Deeper than a recursive walk could go, still inside the body limit.
    const depth = 20_000;
    const nested = `${'['.repeat(depth)}"deep \\ud800"${']'.repeat(depth)}`;
    const body = JSON.stringify(validInquiry()).replace(/}$/, `,"nested":${nested}}`);
    const res = await expectNothingStored(t, () => post(body));
    expect(res.status).toBe(422);
  });
});

describe('unknown country, past deadline, unknown topic or article, no consent → 422', () => {
  it.each(['XX', 'ZZ', 'USA', '1A', 'M', '', 'M1'])('country %j → 422, nothing stored', async (country) => {
    await expect422(validInquiry({ country }), ['country']);
  });

  it.each([
    ['in the past', '2026-11-29T17:00:00+08:00'],
    ['exactly now', '2026-11-30T02:00:00Z'],
  ])('a deadline that is not in the future (%s) → 422, nothing stored', async (_what, deadline) => {
    await expect422(validInquiry({ deadline }), ['deadline']);
  });

  it.each([
    ['without an offset', '2026-12-01T17:00:00'],
    ['a date only', '2026-12-01'],
    ['not a date', 'tomorrow 5pm'],
  ])('a deadline that is not a date and time with an offset (%s) → 422, nothing stored', async (_what, deadline) => {
    await expect422(validInquiry({ deadline }), ['deadline']);
  });

  it('an unknown topic → 422, nothing stored', async () => {
    await expect422(validInquiry({ topic: 'astrology' }), ['topic']);
  });

  it('an unknown articleSlug → 422, nothing stored', async () => {
    await expect422(validInquiry({ articleSlug: 'no-such-release' }), ['articleSlug']);
  });

  it('an unpublished (embargoed) articleSlug → 422, nothing stored', async () => {
    await t.db
      .insertInto('articles')
      .values({ slug: 'embargoed-release', title: 'Embargoed', dateline: 'BEIJING', body: 'Not yet.', published_at: new Date('2026-12-24T00:00:00Z') })
      .execute();
    await t.db.insertInto('articles').values({ slug: 'draft-release', title: 'Draft', dateline: 'BEIJING', body: 'Draft.' }).execute();
    await expect422(validInquiry({ articleSlug: 'embargoed-release' }), ['articleSlug']);
    await expect422(validInquiry({ articleSlug: 'draft-release' }), ['articleSlug']);
  });

  it('several reference-data errors at once are all reported', async () => {
    await expect422(
      validInquiry({ topic: 'astrology', articleSlug: 'no-such-release', deadline: '2026-11-01T00:00:00Z' }),
      ['topic', 'articleSlug', 'deadline'],
    );
  });

  it.each([
    ['consent: false', { consent: false }],
    ['consent: "yes"', { consent: 'yes' }],
    ['consent missing', { consent: undefined }],
  ])('no consent (%s) → 422, nothing stored', async (_what, override) => {
    await expect422(validInquiry(override), ['consent']);
  });

  it('a known topic, the published release and a future deadline are accepted (the checks above are not blanket refusals)', async () => {
    const res = await post(
      validInquiry({ email: 'valid.refdata@example.com', topic: 'child-rights', articleSlug: DEMO_ARTICLE_SLUG, deadline: '2026-12-01T17:00:00+08:00' }),
    );
    expect(res.status).toBe(201);
  });

  it('lower-case country "my" is accepted and stored as MY', async () => {
    const res = await post(validInquiry({ country: 'my', email: 'lowercase.country@example.com' }));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.office.code).toBe('malaysia');
    const row = await t.db.selectFrom('inquiries').select('country').where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row.country).toBe('MY');
  });
});
