/**
 * Projector benchmark: the projector's consume-and-apply path against raw `COPY` of the same rows
 * into the same tables, same machine, same run.
 *
 *   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/projector/projector.bench.ts
 *   options: --events 200k     comparison.recorded events produced to the run's annotations topic
 *            --concurrency 3   partitions applied at once (the live projector's PROJECTOR_CONCURRENCY default)
 *
 * Measured: `BatchConsumer` (kafkajs eachBatch, offsets from PostgreSQL) feeding the projector's
 * `BatchApplier` (decode + open + validate + upcast each message, then event_index, events (by COPY),
 * the comparisons projection and the consumer offsets in ONE transaction per sub-batch of 500, as the
 * live projector is configured) from offset 0 into a fresh schema. The rate is taken from the first
 * sub-batch to the last, so the consumer-group join is not counted.
 *
 * Baselines, both `COPY … FROM STDIN` through pg-copy-streams on one connection, of the rows the
 * projector wrote (dumped from its schema with `COPY … TO STDOUT` before the clock starts) into a
 * fresh migrated schema with the same indexes and month partitions:
 *   1. the baseline: the `events` rows into `events`;
 *   2. a reference for the same work: every row the projector wrote, into `events`, `event_index` and
 *      `comparisons` (the projector cannot write less than that).
 *
 * Prints a table, the ratios and the target (≥ 50 % of baseline 1) as PASS/MISS; a MISS
 * never changes the exit code. Its own topics and schemas are deleted at the end, also on Ctrl-C.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { topicName, TOPICS } from '@hindsight/contracts';
import { BatchConsumer, createKafka } from '@hindsight/kafka';
import { BatchApplier } from '@hindsight/projector-core';
import { createLogger } from '@hindsight/runtime';
import { EventOpener, generateKeyEncryptionKey, keyRingOf } from '@hindsight/shredding';
import {
  createDataSource,
  ProjectionStore,
  quoteIdentifier,
  runMigrations,
  SubjectKeyRepository,
} from '@hindsight/store';
import {
  fmt,
  machineLine,
  numberOption,
  produceComparisons,
  table,
  verdict,
  withBenchRun,
  withTicker,
  type BenchRun,
} from './bench-support';
import { planProjection } from '@hindsight/projections';

const EVENTS = numberOption('events', 200_000);
const PROJECTOR_SUB_BATCH = 500;
const CONCURRENCY = numberOption('concurrency', 3);
const TARGET = 0.5;

/** The tables the projector writes for comparison.recorded events, in the order a COPY baseline loads them. */
const WRITTEN_TABLES = ['event_index', 'events', 'comparisons'] as const;

interface Measured {
  readonly label: string;
  readonly rows: number;
  readonly seconds: number;
  readonly note: string;
}

/** Migrates a fresh schema and returns its DataSource. */
async function freshSchema(run: BenchRun, schema: string, poolSize = 4) {
  run.extraSchemas.push(schema);
  const ds = createDataSource(
    { url: run.config.database.url, schema, poolSize },
    { applicationName: 'hindsight-bench' },
  );
  await ds.initialize();
  await runMigrations(ds, schema);
  return ds;
}

async function measureProjector(run: BenchRun, schema: string): Promise<Measured> {
  const { config, say } = run;
  const ds = await freshSchema(run, schema);
  const logger = createLogger('bench-projector', 'warn');
  const group = `bench-${run.runId}-projector-measured`;
  const store = new ProjectionStore(ds, { plan: planProjection });
  const applier = new BatchApplier(
    store,
    undefined,
    topicName(config.kafka.topicPrefix, TOPICS.deadLetter),
    group,
    logger,
    new EventOpener(new SubjectKeyRepository(ds), keyRingOf([generateKeyEncryptionKey()], 'bench')),
  );
  let first = 0;
  let last = 0;
  let done!: () => void;
  let failed!: (error: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const consumer = new BatchConsumer(
    createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-bench-projector` }),
    {
      groupId: group,
      topics: [topicName(config.kafka.topicPrefix, TOPICS.annotations)],
      positions: () => store.storedOffsets(group),
      maxMessagesPerApply: PROJECTOR_SUB_BATCH,
      partitionsConcurrently: CONCURRENCY,
      logger,
      apply: async (batch) => {
        if (first === 0) first = performance.now();
        // A failing apply would be retried by kafkajs for ever: stop the benchmark with the reason instead.
        await applier.apply(batch).catch((error: unknown) => {
          failed(error);
          throw error;
        });
        last = performance.now();
        if (applier.stats.events + applier.stats.duplicates >= EVENTS) done();
      },
    },
  );
  say(`projector: BatchConsumer → BatchApplier into ${schema}, sub-batches of ${PROJECTOR_SUB_BATCH}`);
  const wallStart = performance.now();
  try {
    await withTicker(
      say,
      'projector',
      () => `${fmt(applier.stats.events)}/${fmt(EVENTS)} events applied`,
      async () => {
        await consumer.start();
        await finished;
      },
    );
  } finally {
    await consumer.stop();
    await ds.destroy();
  }
  const wall = (performance.now() - wallStart) / 1000;
  return {
    label: 'projector (BatchConsumer + BatchApplier)',
    rows: applier.stats.events,
    seconds: (last - first) / 1000,
    note: `${applier.stats.batches} transactions; events + event_index + comparisons + offsets; wall incl. group join ${fmt(wall, 1)} s`,
  };
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

/** The month partitions of the projector's events table, created in the target schema too. */
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

/** Dumps the projector's rows of each table to a file in COPY text format (not timed). */
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

/** Raw COPY FROM STDIN of the dumped rows into a fresh schema; only the COPY statements are timed. */
async function measureCopy(
  run: BenchRun,
  source: string,
  target: string,
  tables: readonly string[],
  label: string,
): Promise<Measured> {
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

async function main(run: BenchRun): Promise<void> {
  const tenant = `bench-${run.runId}`;
  await produceComparisons(run, EVENTS, tenant);
  const projected = `bench_${run.runId}_proj`;
  const projector = await measureProjector(run, projected);
  const copyEvents = await measureCopy(
    run,
    projected,
    `bench_${run.runId}_copy`,
    ['events'],
    'raw COPY of the events rows',
  );
  const copyAll = await measureCopy(
    run,
    projected,
    `bench_${run.runId}_copyall`,
    WRITTEN_TABLES,
    'raw COPY of every row written',
  );

  const rate = (m: Measured) => m.rows / m.seconds;
  const out = [
    '',
    machineLine('Projector benchmark'),
    `${fmt(EVENTS)} comparison.recorded events on one topic (${run.config.kafka.partitions} partitions), ${CONCURRENCY} partition(s) applied at once`,
    '',
    table(
      ['path', 'events', 'seconds', 'events/s', 'notes'],
      [projector, copyEvents, copyAll].map((m) => [m.label, fmt(m.rows), fmt(m.seconds, 2), fmt(rate(m)), m.note]),
    ),
    '',
    `ratio: projector ${fmt(rate(projector))} events/s ÷ raw COPY of the events rows ${fmt(rate(copyEvents))} rows/s = ${fmt(rate(projector) / rate(copyEvents), 2)}`,
    `reference: projector ÷ raw COPY of every row it wrote (${WRITTEN_TABLES.join(' + ')}) ${fmt(rate(copyAll))} events/s = ${fmt(rate(projector) / rate(copyAll), 2)}`,
    '',
    'target (issue): projector throughput ≥ 50 % of raw COPY of the same rows into the same table',
    `  against COPY of the events rows (the issue's baseline): ${verdict(rate(projector) / rate(copyEvents), TARGET)}`,
    `  against COPY of every row written (same work):         ${verdict(rate(projector) / rate(copyAll), TARGET)}`,
    projector.rows < EVENTS ? `  note: only ${fmt(projector.rows)} of ${fmt(EVENTS)} events were applied` : '',
    '(a MISS does not fail this command: timings on a shared machine are noisy)',
  ];
  process.stdout.write(`${out.filter((l, i, a) => l !== '' || a[i - 1] !== '').join('\n')}\n`);
}

void withBenchRun('projector', main);
