/**
 * Projector benchmark: the projector's consume-and-apply path against raw inserts of the same rows
 * into the same `events` table, same machine, same run.
 *
 *   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/projector/projector.bench.ts
 *   options: --events 200k     comparison.recorded events produced to the run's annotations topic
 *            --raw-batch 5000  rows per statement of the raw INSERT baseline
 *            --no-copy         skip the psql \copy reference row
 *
 * Measured: `BatchConsumer` (kafkajs eachBatch, offsets from PostgreSQL) feeding the projector's
 * `BatchApplier` (decode + validate + upcast each message, then events, event_index, the
 * comparisons projection and the consumer offsets in ONE transaction per sub-batch of 500, as the
 * live projector is configured) from offset 0 into a fresh schema. The rate is taken from the
 * first sub-batch to the last, so the consumer-group join is not counted.
 *
 * Baseline (the issue asks for raw COPY): `pg-copy-streams` is not a dependency, and node-postgres
 * cannot stream `COPY … FROM STDIN` without it, so the baseline is the fastest raw path the `pg`
 * client has: `INSERT INTO events (…) SELECT * FROM unnest($1::uuid[], …, $14::jsonb[])`, one
 * statement per --raw-batch rows (autocommit), one connection, the same rows (read back from the
 * projector's own `events` table before timing) into the same table in a fresh schema, its month
 * partition created beforehand. unnest of typed arrays was chosen over jsonb_to_recordset because it
 * skips building and parsing one JSON document per statement, so it is the stricter baseline.
 * When `psql` is on the PATH, a real `\copy … FROM file (FORMAT csv)` of the same rows is measured
 * too and printed as a reference ratio.
 *
 * Prints a table, the ratios and the issue's target (≥ 50 %) as PASS/MISS; a MISS never changes
 * the exit code. Its own topics and schemas are deleted at the end, also on Ctrl-C.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { topicName, TOPICS } from '@hindsight/contracts';
import { BatchConsumer, createKafka } from '@hindsight/kafka';
import { BatchApplier } from '@hindsight/projector-core';
import { createLogger } from '@hindsight/runtime';
import { EventOpener } from '@hindsight/shredding';
import { createDataSource, ProjectionStore, quoteIdentifier, runMigrations, SubjectKeyRepository } from '@hindsight/store';
import { fmt, machineLine, numberOption, produceComparisons, table, verdict, withBenchRun, withTicker, type BenchRun } from './bench-support';

const EVENTS = numberOption('events', 200_000);
const RAW_BATCH = numberOption('raw-batch', 5000);
const WITH_COPY = !process.argv.includes('--no-copy');
const PROJECTOR_SUB_BATCH = 500;
const TARGET = 0.5;

const COLUMNS = ['id', 'tenant', 'type', 'version', 'subject_kind', 'subject_id', 'occurred_at', 'recorded_at', 'idempotency_key', 'source', 'kafka_topic', 'kafka_partition', 'kafka_offset', 'payload'] as const;
const TYPES = ['uuid', 'text', 'text', 'int', 'text', 'text', 'timestamptz', 'timestamptz', 'text', 'text', 'text', 'int', 'bigint', 'jsonb'] as const;

interface Measured {
  readonly label: string;
  readonly rows: number;
  readonly seconds: number;
  readonly note: string;
}

/** Migrates a fresh schema and returns its DataSource. */
async function freshSchema(run: BenchRun, schema: string, poolSize = 4) {
  run.extraSchemas.push(schema);
  const ds = createDataSource({ url: run.config.database.url, schema, poolSize }, { applicationName: 'hindsight-bench' });
  await ds.initialize();
  await runMigrations(ds, schema);
  return ds;
}

async function measureProjector(run: BenchRun, schema: string): Promise<Measured> {
  const { config, say } = run;
  const ds = await freshSchema(run, schema);
  const logger = createLogger('bench-projector', 'warn');
  const group = `bench-${run.runId}-projector-measured`;
  const store = new ProjectionStore(ds);
  const applier = new BatchApplier(store, undefined, topicName(config.kafka.topicPrefix, TOPICS.deadLetter), group, logger, new EventOpener(new SubjectKeyRepository(ds)));
  let first = 0;
  let last = 0;
  let done!: () => void;
  let failed!: (error: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const consumer = new BatchConsumer(createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-bench-projector` }), {
    groupId: group,
    topics: [topicName(config.kafka.topicPrefix, TOPICS.annotations)],
    positions: () => store.storedOffsets(group),
    maxMessagesPerApply: PROJECTOR_SUB_BATCH,
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
  });
  say(`projector: BatchConsumer → BatchApplier into ${schema}, sub-batches of ${PROJECTOR_SUB_BATCH}`);
  const wallStart = performance.now();
  try {
    await withTicker(say, 'projector', () => `${fmt(applier.stats.events)}/${fmt(EVENTS)} events applied`, async () => {
      await consumer.start();
      await finished;
    });
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

type Row = (string | number)[];

/** The projector's rows, read back in Kafka order, in chunks (so memory stays bounded for big runs). */
async function* rowsOf(client: Client, schema: string, chunk = 50_000): AsyncGenerator<Row[]> {
  let after: [number, string] = [-1, '-1'];
  for (;;) {
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT id, tenant, type, version, subject_kind, subject_id, occurred_at::text, recorded_at::text, idempotency_key, source, kafka_topic, kafka_partition, kafka_offset::text, payload::text
       FROM ${quoteIdentifier(schema)}.events e WHERE (e.kafka_partition, e.kafka_offset) > ($1, $2::bigint) ORDER BY e.kafka_partition, e.kafka_offset LIMIT $3`,
      [after[0], after[1], chunk],
    );
    if (rows.length === 0) return;
    const last = rows[rows.length - 1];
    after = [Number(last.kafka_partition), String(last.kafka_offset)];
    yield rows.map((r) => COLUMNS.map((c) => r[c] as string | number));
  }
}

async function prepareRawTable(client: Client, from: string, to: string): Promise<void> {
  const months: { m: string }[] = (await client.query(`SELECT DISTINCT to_char(date_trunc('month', recorded_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS m FROM ${quoteIdentifier(from)}.events`)).rows;
  for (const { m } of months) {
    const [y, mo] = m.split('-').map(Number);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(to)}.events_${y}_${String(mo).padStart(2, '0')} PARTITION OF ${quoteIdentifier(to)}.events FOR VALUES FROM ('${m}-01T00:00:00Z') TO ('${new Date(Date.UTC(y, mo, 1)).toISOString()}')`,
    );
  }
}

async function measureRawInsert(run: BenchRun, source: string, target: string): Promise<Measured> {
  const { say } = run;
  await (await freshSchema(run, target)).destroy();
  const reader = new Client({ connectionString: run.config.database.url });
  const writer = new Client({ connectionString: run.config.database.url });
  await reader.connect();
  await writer.connect();
  let rows = 0;
  let seconds = 0;
  let statements = 0;
  try {
    await prepareRawTable(writer, source, target);
    const sql = `INSERT INTO ${quoteIdentifier(target)}.events (${COLUMNS.join(', ')}) SELECT * FROM unnest(${TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
    say(`raw INSERT … SELECT FROM unnest, ${fmt(RAW_BATCH)} rows per statement, into ${target}`);
    await withTicker(say, 'raw insert', () => `${fmt(rows)}/${fmt(EVENTS)} rows`, async () => {
      for await (const chunk of rowsOf(reader, source)) {
        // Columns built before the clock starts: only the statements are timed.
        const batches: Row[][] = [];
        for (let i = 0; i < chunk.length; i += RAW_BATCH) {
          const slice = chunk.slice(i, i + RAW_BATCH);
          batches.push(COLUMNS.map((_, c) => slice.map((r) => r[c])));
        }
        const t0 = performance.now();
        for (const columns of batches) {
          await writer.query(sql, columns);
          statements += 1;
        }
        seconds += (performance.now() - t0) / 1000;
        rows += chunk.length;
      }
    });
  } finally {
    await reader.end();
    await writer.end();
  }
  return { label: `raw INSERT … unnest (${fmt(RAW_BATCH)} rows/statement)`, rows, seconds, note: `${statements} statements, autocommit, events table only` };
}

const csvField = (v: string | number) => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

async function measureCopy(run: BenchRun, source: string, target: string): Promise<Measured | undefined> {
  const { say } = run;
  if (spawnSync('psql', ['--version']).status !== 0) {
    say('psql not found: no COPY reference row');
    return undefined;
  }
  await (await freshSchema(run, target)).destroy();
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-bench-copy-'));
  const file = join(dir, 'events.csv');
  const client = new Client({ connectionString: run.config.database.url });
  await client.connect();
  let rows = 0;
  try {
    await prepareRawTable(client, source, target);
    const out = createWriteStream(file);
    for await (const chunk of rowsOf(client, source)) {
      rows += chunk.length;
      if (!out.write(chunk.map((r) => r.map(csvField).join(',')).join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(() => resolve());
    });
    say(`psql \\copy of ${fmt(rows)} rows into ${target}`);
    const t0 = performance.now();
    const copy = spawnSync('psql', [run.config.database.url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `\\copy ${quoteIdentifier(target)}.events (${COLUMNS.join(', ')}) FROM '${file}' WITH (FORMAT csv)`], { encoding: 'utf8' });
    const seconds = (performance.now() - t0) / 1000;
    if (copy.status !== 0) {
      say(`psql \\copy failed (${copy.stderr.trim()}): no COPY reference row`);
      return undefined;
    }
    const { rows: count } = await client.query(`SELECT count(*)::int AS n FROM ${quoteIdentifier(target)}.events`);
    return { label: 'raw COPY (psql \\copy, CSV file)', rows: count[0].n, seconds, note: 'one COPY; includes the psql process start and connection' };
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
  const raw = await measureRawInsert(run, projected, `bench_${run.runId}_raw`);
  const copy = WITH_COPY ? await measureCopy(run, projected, `bench_${run.runId}_copy`) : undefined;

  const rate = (m: Measured) => m.rows / m.seconds;
  const measured = [projector, raw, ...(copy ? [copy] : [])];
  const out = [
    '',
    machineLine('Projector benchmark'),
    `${fmt(EVENTS)} comparison.recorded events on one topic (${run.config.kafka.partitions} partitions)`,
    '',
    table(['path', 'rows', 'seconds', 'rows/s', 'notes'], measured.map((m) => [m.label, fmt(m.rows), fmt(m.seconds, 2), fmt(rate(m)), m.note])),
    '',
    `ratio: projector ${fmt(rate(projector))} events/s ÷ raw INSERT ${fmt(rate(raw))} rows/s = ${fmt(rate(projector) / rate(raw), 2)}`,
    ...(copy ? [`reference: projector ÷ psql COPY ${fmt(rate(copy))} rows/s = ${fmt(rate(projector) / rate(copy), 2)}`] : []),
    '',
    'target (issue): projector throughput ≥ 50 % of raw inserts of the same rows into the same table',
    `  against raw INSERT … unnest (the baseline): ${verdict(rate(projector) / rate(raw), TARGET)}`,
    ...(copy ? [`  against psql COPY (reference):             ${verdict(rate(projector) / rate(copy), TARGET)}`] : []),
    projector.rows < EVENTS ? `  note: only ${fmt(projector.rows)} of ${fmt(EVENTS)} events were applied` : '',
    '(a MISS does not fail this command: timings on a shared machine are noisy)',
  ];
  process.stdout.write(`${out.filter((l, i, a) => l !== '' || a[i - 1] !== '').join('\n')}\n`);
}

void withBenchRun('projector', main);
