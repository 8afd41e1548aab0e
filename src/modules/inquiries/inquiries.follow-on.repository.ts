import type { Executor } from '../../db/database.js';

/** The closed inquiry a new one continues: what the new one copies from it. */
export async function followedInquiry(db: Executor, id: string) {
  return db
    .selectFrom('inquiries')
    .select([
      'id',
      'reference',
      'name',
      'email',
      'phone',
      'outlet',
      'outlet_type',
      'country',
      'language',
      'topic',
      'article_id',
      'subject',
      'involves_children',
      'privacy_notice_version',
      'consented_at',
      'source',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}
