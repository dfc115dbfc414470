/**
 * The raw COPY baseline that the projector and replay benchmarks share (issue #17: "÷ raw COPY of
 * every row it writes"): the rows a run wrote are dumped from its schema in COPY text format (not
 * timed), then loaded with `COPY … FROM STDIN` (pg-copy-streams, one connection, autocommit) into a
 * freshly migrated schema with the same indexes and month partitions; only the COPY statements are
 * timed. Not a benchmark itself.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createDataSource, quoteIdentifier, runMigrations } from '@hindsight/store';
import { fmt, type BenchRun } from './bench-support';

export interface CopyMeasured {
  readonly label: string;
  /** Rows of `events` loaded (the event count the rate is taken per). */
  readonly rows: number;
  readonly seconds: number;
  readonly note: string;
}

/** Migrates a fresh schema (dropped with the run) and returns its DataSource. */
export async function freshSchema(run: BenchRun, schema: string, poolSize = 4) {
  run.extraSchemas.push(schema);
  const ds = createDataSource(
    { url: run.config.database.url, schema, poolSize },
    { applicationName: 'hindsight-bench' },
  );
  await ds.initialize();
  await runMigrations(ds, schema);
  return ds;
}

/**
 * The tables of `schema` that hold rows the run wrote: every table (a partitioned parent, not its
 * partitions) with rows, except the migrations' own bookkeeping and tables a fresh migration already
 * fills. `events` is listed after `event_index` as the projector writes them.
 */
export async function writtenTables(run: BenchRun, schema: string, fresh: string): Promise<string[]> {
  const client = new Client({ connectionString: run.config.database.url });
  await client.connect();
  try {
    const tablesOf = async (s: string) =>
      (
        await client.query<{ name: string }>(
          `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
          [s],
        )
      ).rows.map((r) => r.name);
    const hasRows = async (s: string, table: string) =>
      (await client.query(`SELECT 1 FROM ${quoteIdentifier(s)}.${quoteIdentifier(table)} LIMIT 1`)).rowCount! > 0;
    const written: string[] = [];
    for (const table of await tablesOf(schema)) {
      if (table === 'migrations' || table === 'typeorm_metadata') continue;
      if (!(await hasRows(schema, table))) continue;
      if (await hasRows(fresh, table)) continue;
      written.push(table);
    }
    const order = (t: string) => (t === 'event_index' ? 0 : t === 'events' ? 1 : 2);
    return written.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  } finally {
    await client.end();
  }
}

/** Every column of a table but generated ones, in table order. */
async function copyableColumns(client: Client, schema: string, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER' AND identity_generation IS NULL
     ORDER BY ordinal_position`,
    [schema, table],
  );
  return rows.map((r) => quoteIdentifier(r.column_name));
}

/** The month partitions of the source's events table, created in the target schema too. */
async function copyMonthPartitions(client: Client, from: string, to: string): Promise<void> {
  const months: { m: string }[] = (
    await client.query(
      `SELECT DISTINCT to_char(date_trunc('month', recorded_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS m FROM ${quoteIdentifier(from)}.events`,
    )
  ).rows;
  for (const { m } of months) {
    const [y, mo] = m.split('-').map(Number);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(to)}.events_${y}_${String(mo).padStart(2, '0')} PARTITION OF ${quoteIdentifier(to)}.events FOR VALUES FROM ('${m}-01T00:00:00Z') TO ('${new Date(Date.UTC(y, mo, 1)).toISOString()}')`,
    );
  }
}

interface Dumped {
  readonly table: string;
  readonly columns: string[];
  readonly file: string;
}

/** Dumps the run's rows of each table to a file in COPY text format (not timed). */
async function dumpWritten(client: Client, schema: string, dir: string, tables: readonly string[]): Promise<Dumped[]> {
  const dumped: Dumped[] = [];
  for (const table of tables) {
    const columns = await copyableColumns(client, schema, table);
    const file = join(dir, `${table}.copy`);
    // COPY TO cannot read a partitioned table directly; a query can.
    await pipeline(
      client.query(
        copyTo(
          `COPY (SELECT ${columns.join(', ')} FROM ${quoteIdentifier(schema)}.${quoteIdentifier(table)}) TO STDOUT`,
        ),
      ),
      createWriteStream(file),
    );
    dumped.push({ table, columns, file });
  }
  return dumped;
}

/** Raw COPY FROM STDIN of `tables`' rows from `source` into the fresh schema `target`; only the COPY statements are timed. */
export async function measureCopy(
  run: BenchRun,
  source: string,
  target: string,
  tables: readonly string[],
  label: string,
): Promise<CopyMeasured> {
  const { say } = run;
  await (await freshSchema(run, target)).destroy();
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-bench-copy-'));
  const client = new Client({ connectionString: run.config.database.url });
  await client.connect();
  try {
    await copyMonthPartitions(client, source, target);
    const dumped = await dumpWritten(client, source, dir, tables);
    say(`${label}: COPY FROM STDIN of ${tables.join(' + ')} into ${target}`);
    let seconds = 0;
    const counts: string[] = [];
    for (const d of dumped) {
      const t0 = performance.now();
      const copy = client.query(
        copyFrom(`COPY ${quoteIdentifier(target)}.${quoteIdentifier(d.table)} (${d.columns.join(', ')}) FROM STDIN`),
      );
      await pipeline(createReadStream(d.file, { highWaterMark: 1 << 20 }), copy);
      seconds += (performance.now() - t0) / 1000;
      counts.push(`${d.table} ${fmt(Number(copy.rowCount))}`);
    }
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${quoteIdentifier(target)}.events`,
    );
    return {
      label,
      rows: rows[0].n,
      seconds,
      note: `one COPY per table (${counts.join(', ')} rows), autocommit, one connection`,
    };
  } finally {
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
