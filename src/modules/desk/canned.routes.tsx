import { z } from '@hono/zod-openapi';
import { Hono, type Context } from 'hono';
import type { Kysely, Transaction } from 'kysely';
import type { AppEnv } from '../../app-env.js';
import type { DB } from '../../db/schema.js';
import { ApiError } from '../../lib/problem.js';
import { audit } from '../audit/audit.js';
import { isLeadOf } from '../auth/staff.js';
import { requireStaff, signedInStaff } from '../auth/staff.middleware.js';
import { CsrfField, DeskPage } from './desk.layout.js';
import { actorOf } from './inquiry.routes.js';
import { isUuid } from './inquiry.repository.js';

// Canned answers, per office: its leads (and admins) keep them here; officers
// pick one on the inquiry page to pre-fill their reply.

const CannedInput = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  body: z.string().trim().min(1, 'must not be empty').max(20_000, 'must be at most 20000 characters'),
});

async function officeForLead(c: Context<AppEnv>) {
  const office = await c.var.deps.db.selectFrom('offices').select(['id', 'code', 'name']).where('code', '=', c.req.param('code')!).executeTakeFirst();
  if (!office) throw new ApiError('not_found', 'No such office.');
  if (!isLeadOf(signedInStaff(c), office.id)) {
    const a = actorOf(c);
    c.var.deps.logger.warn({ requestId: a.requestId, staffId: a.staff.id, office: office.code }, 'canned answers: not a lead');
    await audit(c.var.deps.db, { at: c.var.deps.clock.now(), actorId: a.staff.id, action: 'access.denied', targetType: 'office', targetId: office.id, detail: { action: 'canned' }, clientHash: a.clientHash });
    throw new ApiError('forbidden', "Only the office's leads can edit its canned answers.");
  }
  return office;
}

type Executor = Kysely<DB> | Transaction<DB>;
type Office = Awaited<ReturnType<typeof officeForLead>>;

async function listPage(c: Context<AppEnv>, office: Office, error?: { id: string | null; message: string; values: Record<string, string> }) {
  const staff = signedInStaff(c);
  const answers = await c.var.deps.db.selectFrom('canned_answers').select(['id', 'title', 'body']).where('office_id', '=', office.id).orderBy('title').execute();
  const base = `/desk/offices/${office.code}/canned`;
  const val = (id: string | null, name: 'title' | 'body', fallback: string) => (error && error.id === id ? (error.values[name] ?? fallback) : fallback);
  const errorFor = (id: string | null, key: string) =>
    error && error.id === id ? (
      <p class="error" id={`${key}-error`} role="alert">
        {error.message}
      </p>
    ) : null;
  c.header('Cache-Control', 'no-store');
  return c.html(
    <DeskPage title={`Canned answers: ${office.name}`} staff={staff}>
      <h1>Canned answers: {office.name}</h1>
      <p>Officers of the office pick one of these on an inquiry to start their reply from it.</p>
      {answers.length === 0 ? <p>None yet.</p> : null}
      {answers.map((a, i) => (
        <section class="card" aria-labelledby={`canned-${i}-h`}>
          <h2 id={`canned-${i}-h`}>{a.title}</h2>
          <form method="post" action={`${base}/${a.id}`}>
            <CsrfField staff={staff} />
            {errorFor(a.id, `canned-${i}`)}
            <label for={`canned-${i}-title`}>Title</label>
            <input id={`canned-${i}-title`} name="title" required maxlength={200} value={val(a.id, 'title', a.title)} />
            <label for={`canned-${i}-body`}>Text</label>
            <textarea id={`canned-${i}-body`} name="body" rows={8} required>
              {val(a.id, 'body', a.body)}
            </textarea>
            <button type="submit">Save</button>
          </form>
          <form method="post" action={`${base}/${a.id}/delete`}>
            <CsrfField staff={staff} />
            <button type="submit">Delete “{a.title}”</button>
          </form>
        </section>
      ))}
      <section class="card" aria-labelledby="new-h">
        <h2 id="new-h">New canned answer</h2>
        <form method="post" action={base}>
          <CsrfField staff={staff} />
          {errorFor(null, 'new')}
          <label for="new-title">Title</label>
          <input id="new-title" name="title" required maxlength={200} value={val(null, 'title', '')} />
          <label for="new-body">Text</label>
          <textarea id="new-body" name="body" rows={8} required>
            {val(null, 'body', '')}
          </textarea>
          <button type="submit">Add</button>
        </form>
      </section>
    </DeskPage>,
    error ? 422 : 200,
  );
}

async function formValues(c: Context<AppEnv>) {
  const body = await c.req.parseBody();
  return { title: typeof body.title === 'string' ? body.title : '', body: typeof body.body === 'string' ? body.body : '' };
}

function issue(e: z.ZodError) {
  const i = e.issues[0]!;
  return `${String(i.path[0] ?? 'form').replace(/^./, (ch) => ch.toUpperCase())}: ${i.message}`;
}

async function answerOf(c: Context<AppEnv>, office: Office) {
  const id = c.req.param('id')!;
  const row = isUuid(id)
    ? await c.var.deps.db.selectFrom('canned_answers').select('id').where('id', '=', id).where('office_id', '=', office.id).executeTakeFirst()
    : undefined;
  if (!row) throw new ApiError('not_found', 'No such canned answer.');
  return row.id;
}

const auditCanned = (db: Executor, c: Context<AppEnv>, action: string, id: string, office: Office) => {
  const a = actorOf(c);
  return audit(db, { at: c.var.deps.clock.now(), actorId: a.staff.id, action: `canned.${action}`, targetType: 'canned_answer', targetId: id, detail: { office: office.code }, clientHash: a.clientHash });
};

export const cannedRouter = new Hono<AppEnv>({ strict: false });
cannedRouter.use('/desk/offices/*', requireStaff);

cannedRouter.get('/desk/offices/:code/canned', async (c) => listPage(c, await officeForLead(c)));

cannedRouter.post('/desk/offices/:code/canned', async (c) => {
  const office = await officeForLead(c);
  const values = await formValues(c);
  const parsed = CannedInput.safeParse(values);
  if (!parsed.success) return listPage(c, office, { id: null, message: issue(parsed.error), values });
  const now = c.var.deps.clock.now();
  await c.var.deps.db.transaction().execute(async (trx) => {
    const r = await trx.insertInto('canned_answers').values({ office_id: office.id, ...parsed.data, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    await auditCanned(trx, c, 'create', r.id, office);
    return r;
  });
  return c.redirect(`/desk/offices/${office.code}/canned`, 303);
});

cannedRouter.post('/desk/offices/:code/canned/:id', async (c) => {
  const office = await officeForLead(c);
  const id = await answerOf(c, office);
  const values = await formValues(c);
  const parsed = CannedInput.safeParse(values);
  if (!parsed.success) return listPage(c, office, { id, message: issue(parsed.error), values });
  await c.var.deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('canned_answers').set({ ...parsed.data, updated_at: c.var.deps.clock.now() }).where('id', '=', id).execute();
    await auditCanned(trx, c, 'update', id, office);
  });
  return c.redirect(`/desk/offices/${office.code}/canned`, 303);
});

cannedRouter.post('/desk/offices/:code/canned/:id/delete', async (c) => {
  const office = await officeForLead(c);
  const id = await answerOf(c, office);
  await c.var.deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('canned_answers').where('id', '=', id).execute();
    await auditCanned(trx, c, 'delete', id, office);
  });
  return c.redirect(`/desk/offices/${office.code}/canned`, 303);
});
