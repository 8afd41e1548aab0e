import type { Executor } from '../../db/database.js';

export type NotifyMode = 'immediate' | 'digest';

/** How the staff member chose to get notifications: each at once, or an hourly digest. */
export async function notifyModeOf(db: Executor, staffId: string): Promise<NotifyMode> {
  const user = await db.selectFrom('staff_users').select('notify').where('id', '=', staffId).executeTakeFirstOrThrow();
  return user.notify;
}

export async function setNotifyMode(db: Executor, staffId: string, notify: NotifyMode) {
  await db.updateTable('staff_users').set({ notify }).where('id', '=', staffId).execute();
}
