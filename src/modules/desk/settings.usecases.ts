import type { Database } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { audit } from '../audit/index.js';
import type { DirectoryCache } from '../routing/index.js';
import type { Actor } from './actions.usecases.js';
import { notifyModeOf, setNotifyMode, type NotifyMode } from './settings.repository.js';

export interface SettingsDeps {
  db: Database;
  clock: Clock;
  /** Who takes the digest is cached with the directory: this process drops its copy at once (others on the change's NOTIFY). */
  directory: Pick<DirectoryCache, 'invalidate'>;
}

export function notificationMode(deps: SettingsDeps, staffId: string): Promise<NotifyMode> {
  return notifyModeOf(deps.db, staffId);
}

/** The choice and its audit entry commit together. */
export async function chooseNotificationMode(deps: SettingsDeps, actor: Actor, notify: NotifyMode) {
  const { staff } = actor;
  await deps.db.transaction().execute(async (trx) => {
    await setNotifyMode(trx, staff.id, notify);
    await audit(trx, { at: deps.clock.now(), actorId: staff.id, action: 'staff.settings', targetType: 'staff_user', targetId: staff.id, detail: { notify }, clientHash: actor.clientHash });
  });
  deps.directory.invalidate();
}
