import { sql, type Compilable, type Expression, type OperationNodeSource } from 'kysely';

/**
 * A data-modifying query not yet run: run alone, or as one part (a
 * data-modifying CTE) of a statement that writes several tables at once, which
 * is atomic without begin/commit and costs one round trip.
 */
export type PendingWrite = OperationNodeSource & Compilable;

/**
 * A value the database decides inside the statement (a new inquiry's
 * reference), for text built before it: the placeholder in the text is
 * replaced in SQL. The placeholder is random per statement, so nothing a
 * stranger wrote can contain it.
 */
export interface Fill {
  placeholder: string;
  value: Expression<string>;
}

/** The text as an SQL value, with the fill's value in place of its placeholder. */
export function filledText(text: string, fill: Fill | undefined): Expression<string> {
  return fill ? sql<string>`replace(${text}, ${fill.placeholder}, ${fill.value})` : sql<string>`${text}`;
}
