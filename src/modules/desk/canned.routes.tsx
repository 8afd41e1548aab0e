import { z } from '@hono/zod-openapi';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { requireStaff, signedInStaff } from '../auth/index.js';
import { cannedAnswerOf, cannedAnswers, changeCannedAnswer, createCannedAnswer, officeForLead, removeCannedAnswer, type CannedOffice } from './canned.usecases.js';
import { CsrfField, DeskPage } from './desk.layout.js';
import { actorOf } from './inquiry.routes.js';

// Canned answers, per office: its leads (and admins) keep them here; officers
// pick one on the inquiry page to pre-fill their reply.

const CannedInput = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  body: z.string().trim().min(1, 'must not be empty').max(20_000, 'must be at most 20000 characters'),
});

const leadOffice = (c: Context<AppEnv>) => officeForLead(c.var.deps, actorOf(c), c.req.param('code')!);

async function listPage(c: Context<AppEnv>, office: CannedOffice, error?: { id: string | null; message: string; values: Record<string, string> }) {
  const staff = signedInStaff(c);
  const answers = await cannedAnswers(c.var.deps, office);
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

export const cannedRouter = new Hono<AppEnv>({ strict: false });
cannedRouter.use('/desk/offices/*', requireStaff);

cannedRouter.get('/desk/offices/:code/canned', async (c) => listPage(c, await leadOffice(c)));

cannedRouter.post('/desk/offices/:code/canned', async (c) => {
  const office = await leadOffice(c);
  const values = await formValues(c);
  const parsed = CannedInput.safeParse(values);
  if (!parsed.success) return listPage(c, office, { id: null, message: issue(parsed.error), values });
  await createCannedAnswer(c.var.deps, actorOf(c), office, parsed.data);
  return c.redirect(`/desk/offices/${office.code}/canned`, 303);
});

cannedRouter.post('/desk/offices/:code/canned/:id', async (c) => {
  const office = await leadOffice(c);
  const id = await cannedAnswerOf(c.var.deps, office, c.req.param('id')!);
  const values = await formValues(c);
  const parsed = CannedInput.safeParse(values);
  if (!parsed.success) return listPage(c, office, { id, message: issue(parsed.error), values });
  await changeCannedAnswer(c.var.deps, actorOf(c), office, id, parsed.data);
  return c.redirect(`/desk/offices/${office.code}/canned`, 303);
});

cannedRouter.post('/desk/offices/:code/canned/:id/delete', async (c) => {
  const office = await leadOffice(c);
  const id = await cannedAnswerOf(c.var.deps, office, c.req.param('id')!);
  await removeCannedAnswer(c.var.deps, actorOf(c), office, id);
  return c.redirect(`/desk/offices/${office.code}/canned`, 303);
});
