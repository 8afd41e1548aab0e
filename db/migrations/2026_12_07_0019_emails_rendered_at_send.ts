import { type Kysely, sql } from 'kysely';

// The intake's emails are rendered by the worker when it sends them, not in the
// request: until then the row holds the template's name and data (`template`)
// and no body. Once the email has left, the body is kept (masked) and the
// template data, which holds the reporter's private links, is cleared. An email
// the worker could not render is failed with neither.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table emails
      add column template jsonb,
      alter column html drop not null,
      alter column text drop not null,
      add constraint emails_body_or_template check ((html is not null and text is not null) or template is not null or status = 'failed')
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table emails
      drop constraint emails_body_or_template,
      drop column template,
      alter column html set not null,
      alter column text set not null
  `.execute(db);
}
