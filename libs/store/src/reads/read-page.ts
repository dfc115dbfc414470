import type { DataSource } from 'typeorm';
import { encodeCursor, type PagePosition } from './page-cursor';

/** One page of a list: its items, newest first, and the cursor of the next page (null on the last). */
export type { ReadPage } from '@hindsight/api-types';

/** The paging and time window every list takes: `[from, to)` on the list's sort instant. */
export interface ReadWindow {
  readonly limit: number;
  readonly after?: PagePosition;
  readonly from?: string;
  readonly to?: string;
}

/** The SQL of one list: rows of `from` (table and joins) under `where`, sorted by `sortAt` then `idOf`. */
export interface PageQuery {
  /** The list's kind, inside its cursors. */
  readonly kind: string;
  /** Columns to select (without the paging columns). */
  readonly columns: string;
  /** `table alias` and joins. */
  readonly from: string;
  /** Conditions, each using the parameters `params` holds ($1 …); the tenant condition first. */
  readonly where: readonly string[];
  readonly params: readonly unknown[];
  /** The sort instant (a timestamptz expression) and the unique tie-breaker (cast to text). */
  readonly sortAt: string;
  readonly idOf: string;
}

/** PostgreSQL's microseconds, in UTC ISO-8601: the cursor must hold the exact instant, not a millisecond rounding. */
const iso = (expression: string) => `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Keyset paging, newest first: `(sortAt, id) < (cursor.at, cursor.id)` in the
 * order `sortAt DESC, id DESC`, one row more than the limit to know whether a
 * next page exists. A row inserted while a client pages lands before its
 * position or after it, never twice and never shifting the rest (unlike OFFSET).
 */
export async function readPage<R extends Record<string, unknown>>(
  dataSource: DataSource,
  query: PageQuery,
  window: ReadWindow,
): Promise<{ rows: R[]; nextCursor: string | null }> {
  const params: unknown[] = [...query.params];
  const where = [...query.where];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const id = `(${query.idOf})::text`;
  if (window.from !== undefined) where.push(`${query.sortAt} >= ${param(window.from)}::timestamptz`);
  if (window.to !== undefined) where.push(`${query.sortAt} < ${param(window.to)}::timestamptz`);
  if (window.after !== undefined)
    where.push(`(${query.sortAt}, ${id}) < (${param(window.after.at)}::timestamptz, ${param(window.after.id)}::text)`);
  const sql =
    `SELECT ${query.columns}, ${iso(query.sortAt)} AS page_at, ${id} AS page_id FROM ${query.from}` +
    ` WHERE ${where.map((w) => `(${w})`).join(' AND ')}` +
    ` ORDER BY ${query.sortAt} DESC, ${id} DESC LIMIT ${param(window.limit + 1)}`;
  const rows: (R & { page_at: string; page_id: string })[] = await dataSource.query(sql, params);
  const page = rows.slice(0, window.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > window.limit && last ? encodeCursor(query.kind, { at: last.page_at, id: last.page_id }) : null;
  return { rows: page, nextCursor };
}

/** An instant as PostgreSQL returned it, as UTC ISO-8601 (null stays null). */
export const isoOf = (value: Date | string | null | undefined): string | null =>
  value === null || value === undefined ? null : new Date(value).toISOString();
