/**
 * The raw COPY baseline that the projector and replay benchmarks share (issue #17: "÷ raw COPY of
 * every row it writes"): the rows a run wrote are dumped from its schema in COPY text format once
 * (not timed, `dumpRows`), then loaded with `COPY … FROM STDIN` (pg-copy-streams, one connection,
 * autocommit) into a freshly migrated schema with the same indexes and month partitions, as often as
 * the benchmark measures it (`loadDump`: each load reads the same bytes); only the COPY statements
 * are timed. Not a benchmark itself.
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

/** The months (`YYYY-MM`) of the source's events rows: the target needs the same month partitions. */
async function monthsOf(client: Client, schema: string): Promise<string[]> {
  const { rows } = await client.query<{ m: string }>(
    `SELECT DISTINCT to_char(date_trunc('month', recorded_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS m FROM ${quoteIdentifier(schema)}.events`,
  );
  return rows.map((r) => r.m);
}

async function createMonthPartitions(client: Client, schema: string, months: readonly string[]): Promise<void> {
  for (const m of months) {
    const [y, mo] = m.split('-').map(Number);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(schema)}.events_${y}_${String(mo).padStart(2, '0')} PARTITION OF ${quoteIdentifier(schema)}.events FOR VALUES FROM ('${m}-01T00:00:00Z') TO ('${new Date(Date.UTC(y, mo, 1)).toISOString()}')`,
    );
  }
}

interface DumpedTable {
  readonly table: string;
  readonly columns: string[];
  readonly file: string;
  readonly rows: number;
}

/** A run's rows in COPY text files, loaded by each measured COPY: every load of one dump reads the same bytes. */
export interface DumpedRows {
  readonly source: string;
  readonly dir: string;
  readonly months: readonly string[];
  readonly tables: readonly DumpedTable[];
}

/** Dumps the rows of `tables` in `source` to files in COPY text format (not timed); remove with `discardDump`. */
export async function dumpRows(run: BenchRun, source: string, tables: readonly string[]): Promise<DumpedRows> {
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-bench-copy-'));
  const client = new Client({ connectionString: run.config.database.url });
  await client.connect();
  try {
    const dumped: DumpedTable[] = [];
    for (const table of tables) {
      const columns = await copyableColumns(client, source, table);
      const file = join(dir, `${table}.copy`);
      // COPY TO cannot read a partitioned table directly; a query can.
      const copy = client.query(
        copyTo(
          `COPY (SELECT ${columns.join(', ')} FROM ${quoteIdentifier(source)}.${quoteIdentifier(table)}) TO STDOUT`,
        ),
      );
      await pipeline(copy, createWriteStream(file));
      dumped.push({ table, columns, file, rows: Number(copy.rowCount) });
    }
    return { source, dir, months: await monthsOf(client, source), tables: dumped };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    await client.end();
  }
}

export function discardDump(dump: DumpedRows): void {
  rmSync(dump.dir, { recursive: true, force: true });
}

/** The rows of each table of `schema` that the dump holds, compared with the dump's: `undefined` when all agree. */
export async function rowCountDifference(run: BenchRun, schema: string, dump: DumpedRows): Promise<string | undefined> {
  const client = new Client({ connectionString: run.config.database.url });
  await client.connect();
  try {
    const differ: string[] = [];
    for (const d of dump.tables) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${quoteIdentifier(schema)}.${quoteIdentifier(d.table)}`,
      );
      if (rows[0].n !== d.rows) differ.push(`${d.table} ${fmt(rows[0].n)} here, ${fmt(d.rows)} in the baseline's rows`);
    }
    return differ.length === 0 ? undefined : differ.join('; ');
  } finally {
    await client.end();
  }
}

/** Drops a schema the run no longer needs (instead of leaving its rows for a later section to vacuum or evict). */
export async function dropSchema(run: BenchRun, schema: string): Promise<void> {
  const client = new Client({ connectionString: run.config.database.url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * Raw COPY FROM STDIN of the dumped rows of `tables` (all of the dump's when absent) into `target`, freshly
 * migrated with the source's month partitions (not timed); only the COPY statements are timed.
 */
export async function loadDump(
  run: BenchRun,
  dump: DumpedRows,
  target: string,
  label: string,
  tables?: readonly string[],
): Promise<CopyMeasured> {
  const { say } = run;
  await (await freshSchema(run, target)).destroy();
  const loaded = dump.tables.filter((d) => tables === undefined || tables.includes(d.table));
  const client = new Client({ connectionString: run.config.database.url });
  await client.connect();
  try {
    await createMonthPartitions(client, target, dump.months);
    say(`${label}: COPY FROM STDIN of ${loaded.map((d) => d.table).join(' + ')} into ${target}`);
    let seconds = 0;
    const counts: string[] = [];
    for (const d of loaded) {
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
  }
}
