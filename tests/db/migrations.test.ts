import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../db/seeds/demo.js';
import { createMigrator, migrationsFolder } from '../../src/db/migrate.js';
import { MASKED_REPLY_ADDRESS, MASKED_STATUS_LINK, privateLinks } from '../../src/lib/link-tokens.js';
import { sha256 } from '../../src/lib/tokens.js';
import { backfillLinkHashes, findInquiryByStatusToken } from '../../src/modules/inquiries/inquiries.repository.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { MIGRATION_TABLES, publicColumns, publicConstraints, publicIndexes } from './introspect.js';

// Each test gets its own freshly migrated database, so a failure in one cannot leave the other half-migrated.
let tdb: TestDatabase;
beforeEach(async () => {
  tdb = await createTestDatabase();
});
afterEach(async () => {
  await tdb.drop();
});

const migrationNames = readdirSync(migrationsFolder)
  .filter((f) => /^\d.*\.ts$/.test(f))
  .sort()
  .map((f) => f.replace(/\.ts$/, ''));

async function snapshot() {
  const db = tdb.db;
  const { rows: sequences } = await sql<{ name: string }>`
    select sequence_name as name from information_schema.sequences where sequence_schema = 'public' order by 1`.execute(db);
  return {
    columns: await publicColumns(db),
    indexes: await publicIndexes(db),
    constraints: await publicConstraints(db),
    sequences,
  };
}

describe('migrations in a fresh database', () => {
  it('migrate all the way down, one step at a time, then back up to the same schema', async () => {
    expect(migrationNames.length).toBeGreaterThan(0);
    const before = await snapshot();
    expect(before.columns.length).toBeGreaterThan(0);
    const migrator = createMigrator(tdb.db);
    expect((await migrator.getMigrations()).map((m) => [m.name, m.executedAt !== undefined])).toEqual(
      migrationNames.map((n) => [n, true]),
    );

    // Down: each step undoes the newest applied migration, until none is left.
    const undone: string[] = [];
    for (let step = 0; step <= migrationNames.length; step++) {
      const { error, results } = await migrator.migrateDown();
      expect(error).toBeUndefined();
      if (!results?.length) break;
      expect(results).toHaveLength(1);
      expect(results[0]!.status).toBe('Success');
      expect(results[0]!.direction).toBe('Down');
      undone.push(results[0]!.migrationName);
    }
    expect(undone).toEqual([...migrationNames].reverse());

    const empty = await snapshot();
    expect(empty.columns.map((c) => c.table).filter((t) => !MIGRATION_TABLES.includes(t))).toEqual([]);
    expect(empty.sequences).toEqual([]);
    expect(empty.indexes.filter((i) => !MIGRATION_TABLES.some((t) => i.definition.includes(` ${t} `) || i.definition.includes(`.${t} `)))).toEqual([]);
    expect((await migrator.getMigrations()).every((m) => m.executedAt === undefined)).toBe(true);

    // Up again: every migration applies, and the schema is what it was.
    const { error, results } = await migrator.migrateToLatest();
    expect(error).toBeUndefined();
    expect(results?.map((r) => [r.migrationName, r.status])).toEqual(migrationNames.map((n) => [n, 'Success']));
    expect(await snapshot()).toEqual(before);

    // And it works: the demo data loads into it.
    await seedDemo(tdb.db);
    const offices = await tdb.db.selectFrom('offices').select('code').orderBy('code').execute();
    expect(offices.map((o) => o.code)).toEqual(['china', 'eapro', 'hq', 'malaysia']);
  });

  it('migrating to latest when already at latest does nothing', async () => {
    const { error, results } = await createMigrator(tdb.db).migrateToLatest();
    expect(error).toBeUndefined();
    expect(results).toEqual([]);
  });
});

describe('the migration to derived private links', () => {
  const mine = migrationNames.findIndex((n) => n.endsWith('_inquiry_link_hashes'));
  const SECRET = 'a-link-secret-for-the-migration-test-0123456789';

  it('an inquiry from before keeps its status link working, gets derived links too, and no clear token stays in the database', async () => {
    expect(mine).toBeGreaterThan(0);
    // Directory data at the latest schema, then back to just before the migration to write an old-style row.
    await seedDemo(tdb.db);
    const migrator = createMigrator(tdb.db);
    expect((await migrator.migrateTo(migrationNames[mine - 1]!)).error).toBeUndefined();

    const oldStatus = 'OldClearStatusToken_0123456789abcdefghijklmnopq';
    const oldReply = 'OldClearReplyToken_0123456789abcdefghijklmnopqr';
    const { rows } = await sql<{ id: string }>`
      insert into inquiries (reference, status_token, reply_token, priority, office_id, routing, due_at, name, email, outlet,
                             country, language, subject, message, privacy_notice_version, consented_at, source)
      select 'PD-2026-09999', ${oldStatus}, ${oldReply}, 'normal', id, '{"reasons":[],"decidedAt":"2026-11-30T02:00:00Z"}', now(),
             'Old Reporter', 'old.reporter@example.com', 'The Star', 'MY', 'en', 'Old question', 'Asked before the migration', '2026-11', now(), 'api'
      from offices where code = 'malaysia' returning id`.execute(tdb.db);
    const id = rows[0]!.id;
    const url = `http://pressdesk.test/inquiries/status/${oldStatus}`;
    await sql`insert into idempotency_keys (key, request_hash, inquiry_id, response_status, response_body)
              values ('old-key-1234', 'h', ${id}, 201, ${JSON.stringify({ id, reference: 'PD-2026-09999', statusUrl: url })})`.execute(tdb.db);
    for (const status of ['sent', 'queued']) {
      await sql`insert into emails (inquiry_id, kind, message_id, from_name, from_address, to_address, reply_to, subject, html, text, status)
                values (${id}, 'acknowledgement', ${`<${status}@pressdesk.test>`}, 'Pressdesk', 'press@pressdesk.test', 'old.reporter@example.com',
                        ${`reply+${oldReply}@pressdesk.test`}, 'Old', ${`<a href="${url}">${url}</a>`}, ${`Your page: ${url}\n`}, ${status})`.execute(tdb.db);
    }

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await backfillLinkHashes(tdb.db, SECRET)).toBe(1);
    expect(await backfillLinkHashes(tdb.db, SECRET)).toBe(0);

    // The old link still opens the inquiry; so does the one the service now derives for it.
    expect((await findInquiryByStatusToken(tdb.db, oldStatus))?.id).toBe(id);
    const row = await tdb.db.selectFrom('inquiries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const links = privateLinks({ LINK_SECRET: SECRET, PUBLIC_BASE_URL: 'http://pressdesk.test', replyDomain: 'pressdesk.test' }, row);
    expect((await findInquiryByStatusToken(tdb.db, links.statusToken))?.id).toBe(id);
    expect(await findInquiryByStatusToken(tdb.db, 'NotAToken_0123456789abcdefghijklmnopqrstuvw')).toBeUndefined();
    expect(row).toMatchObject({ legacy_status_hash: sha256(oldStatus), legacy_reply_hash: sha256(oldReply), reply_hash: sha256(links.replyReporterToken) });

    // Nothing keeps the clear tokens but the one email still waiting to be sent (it needs them; masked once delivered).
    const idem = await tdb.db.selectFrom('idempotency_keys').select('response_body').where('key', '=', 'old-key-1234').executeTakeFirstOrThrow();
    expect(idem.response_body).toEqual({ id, reference: 'PD-2026-09999' });
    const sent = await tdb.db.selectFrom('emails').selectAll().where('inquiry_id', '=', id).where('status', '=', 'sent').executeTakeFirstOrThrow();
    expect(sent.text).toBe(`Your page: ${MASKED_STATUS_LINK}\n`);
    expect(sent.reply_to).toBe(MASKED_REPLY_ADDRESS);
    expect(JSON.stringify([row, sent, idem])).not.toMatch(/OldClear/);
    const queued = await tdb.db.selectFrom('emails').select('text').where('inquiry_id', '=', id).where('status', '=', 'queued').executeTakeFirstOrThrow();
    expect(queued.text).toContain(oldStatus);
  });
});
