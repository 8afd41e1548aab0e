import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { requireStaff, signedInStaff } from '../auth/index.js';
import { CsrfField, DeskPage } from './desk.layout.js';
import { actorOf } from './inquiry.routes.js';
import { chooseNotificationMode, notificationMode } from './settings.usecases.js';
import { deskErrors } from './desk.errors.js';

const MODES = { immediate: 'Email me each notification at once', digest: 'Collect them in one email an hour (urgent ones still come at once)' } as const;

/** Each officer chooses how notifications reach them: at once, or as an hourly digest. */
export const settingsPage = new Hono<AppEnv>()
  .use('/desk/settings', requireStaff)
  .get('/desk/settings', async (c) => {
    const staff = signedInStaff(c);
    const notify = await notificationMode(c.var.deps, staff.id);
    c.header('Cache-Control', 'no-store');
    return c.html(
      <DeskPage title="My settings" staff={staff}>
        <h1>My settings</h1>
        {c.req.query('saved') === '1' ? <p role="status">Saved.</p> : null}
        <form method="post" action="/desk/settings" class="card">
          <CsrfField staff={staff} />
          <fieldset>
            <legend>Notifications</legend>
            {(Object.keys(MODES) as (keyof typeof MODES)[]).map((mode) => (
              <p>
                <input type="radio" id={`notify-${mode}`} name="notify" value={mode} checked={notify === mode} />{' '}
                <label for={`notify-${mode}`} style="display:inline;font-weight:normal">
                  {MODES[mode]}
                </label>
              </p>
            ))}
          </fieldset>
          <button type="submit">Save</button>
        </form>
      </DeskPage>,
    );
  })
  .post('/desk/settings', async (c) => {
    const form = await c.req.parseBody();
    const notify = form.notify;
    if (notify !== 'immediate' && notify !== 'digest') throw deskErrors.notifyChoice.error();
    await chooseNotificationMode(c.var.deps, actorOf(c), notify);
    return c.redirect('/desk/settings?saved=1', 303);
  });
