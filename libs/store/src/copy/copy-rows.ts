import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import { quoteIdentifier } from '../database-setup';
import { copyTextRowsOf, type CopyValue } from './copy-text';

/** Rows per chunk written to the COPY stream, so a large batch is not one giant buffer. */
const CHUNK_ROWS = 1000;

/**
 * Writes rows with `COPY table (columns) FROM STDIN` on the given client, the
 * fastest way into PostgreSQL: no SQL parsing per row and no JSON document to
 * unpack, as `INSERT … SELECT FROM jsonb_to_recordset` needs.
 */
export async function copyRows(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly CopyValue[])[],
): Promise<number> {
  return copyRowsOf(client, table, columns, rows, (row) => row);
}

/**
 * `copyRows` of `rowOf(item, scratch)` for each of `items`, made as each chunk is written (see
 * `copyTextRowsOf`): no array per row held until the COPY.
 */
export async function copyRowsOf<T>(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  items: readonly T[],
  rowOf: (item: T, scratch: CopyValue[]) => readonly CopyValue[],
): Promise<number> {
  if (items.length === 0) return 0;
  const stream = client.query(copyFrom(`COPY ${table} (${columns.map(quoteIdentifier).join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks(items, rowOf)), stream);
  return Number(stream.rowCount);
}

/** The pg client a TypeORM transaction runs on, so a COPY joins that transaction. */
export async function clientOf(tx: EntityManager): Promise<PoolClient> {
  if (!tx.queryRunner)
    throw new Error('copyRows needs an EntityManager bound to a transaction (dataSource.transaction)');
  return (await tx.queryRunner.connect()) as PoolClient;
}

function* chunks<T>(
  items: readonly T[],
  rowOf: (item: T, scratch: CopyValue[]) => readonly CopyValue[],
): Generator<Buffer> {
  for (let i = 0; i < items.length; i += CHUNK_ROWS)
    yield copyTextRowsOf(items, rowOf, i, Math.min(items.length, i + CHUNK_ROWS));
}
