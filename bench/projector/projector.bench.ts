/**
 * Projector benchmark: the projector's consume-and-apply path against raw `COPY` of the same rows
 * into the same tables, same machine, same run.
 *
 *   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/projector/projector.bench.ts
 *   options: --events 200k     comparison.recorded events produced to the run's annotations topic
 *            --concurrency 3   partitions applied at once (the live projector's PROJECTOR_CONCURRENCY default)
 *            --sub-batch 2000  messages per transaction (the live projector's)
 *            --profile <file>  a V8 CPU profile of the measured projector phase only (bench/ingest/profile-summary.ts)
 *            --heap-profile <file>  a sampled allocation profile of it instead, counting what the scavenges
 *                             collected too (bench/ingest/heap-summary.ts)
 *
 * Measured: `BatchConsumer` (kafkajs eachBatch, offsets from PostgreSQL) feeding the projector's
 * `BatchApplier` (decode + open + validate + upcast each message, then event_index, events (by COPY),
 * the comparisons projection and the consumer offsets in ONE transaction per sub-batch of 2,000, as the
 * live projector is configured) from offset 0 into a fresh schema. The rate is taken from the first
 * sub-batch to the last, so the consumer-group join is not counted.
 *
 * Baselines (bench/projector/copy-baseline.ts), both `COPY … FROM STDIN` through pg-copy-streams on
 * one connection, of the rows the projector writes into a fresh migrated schema with the same indexes and
 * month partitions. The rows come from a first, untimed pass of the projector over the same events into
 * a schema of its own (dumped with `COPY … TO STDOUT`, then dropped); the measured pass must write as many
 * rows to each table, or a note says otherwise. The first pass also warms this process (JIT, the broker's
 * page cache), as a long-running projector is warm.
 *   1. issue #17's baseline: every row the projector wrote (event_index, events, comparisons,
 *      consumer_offsets: each table that holds rows after the run), per event, loaded once BEFORE and
 *      once AFTER the measured projector; the ratio is taken against both loads together (rows over
 *      seconds: bracketed-baseline.ts says why), and the two loads' spread is printed;
 *   2. a reference: the `events` rows alone into `events` (the previous rounds' baseline), once, last.
 *
 * Every timed section (each COPY, the measured projector) starts settled (settle.ts): `sync`, `CHECKPOINT`,
 * no autovacuum worker running; so the write-back of one section does not land on the next.
 *
 * Prints a table, the ratios and issue #17's target (≥ 0.7× baseline 1) as PASS/MISS; a MISS
 * never changes the exit code. Its own topics and schemas are deleted at the end, also on Ctrl-C.
 */
import { topicName, TOPICS } from '@hindsight/contracts';
import { BatchConsumer, createKafka } from '@hindsight/kafka';
import { BatchApplier } from '@hindsight/projector-core';
import { createLogger } from '@hindsight/runtime';
import { EventOpener, generateKeyEncryptionKey, keyRingOf } from '@hindsight/shredding';
import { ProjectionStore, SubjectKeyRepository } from '@hindsight/store';
import {
  fmt,
  machineLine,
  numberOption,
  produceComparisons,
  profiled,
  textOption,
  cpuMicros,
  table,
  withBenchRun,
  withTicker,
  type BenchRun,
} from './bench-support';
import { declareBenchArgs } from '../bench-args';
import { planProjection } from '@hindsight/projections';
import { bracketedLines, bracketedRatio } from './bracketed-baseline';
import { runBracketed } from './bracketed-run';
import { freshSchema, loadDump, type CopyMeasured } from './copy-baseline';
import { autovacuumSetting } from './settle';

declareBenchArgs(
  'bench:projector',
  "the live projector's apply path against a raw COPY of every row it writes (issue #17)",
  {
    events: {
      value: 'N',
      help: "comparison.recorded events produced to the run's annotations topic (200k, 1M allowed; default 200k)",
    },
    concurrency: {
      value: 'N',
      help: "partitions applied at once (default 3, the live projector's PROJECTOR_CONCURRENCY)",
    },
    'sub-batch': { value: 'N', help: "messages per transaction (default 2000, the live projector's)" },
    profile: {
      value: 'file',
      help: 'a V8 CPU profile of the measured projector phase only (bench/ingest/profile-summary.ts)',
    },
    'heap-profile': {
      value: 'file',
      help: 'a sampled allocation profile of the measured phase instead (bench/ingest/heap-summary.ts)',
    },
  },
);
const EVENTS = numberOption('events', 200_000);
const PROJECTOR_SUB_BATCH = numberOption('sub-batch', 2000);
const CONCURRENCY = numberOption('concurrency', 3);
/** Issue #17: the projector ≥ 0.7× a raw COPY of every row it writes. */
const TARGET = 0.7;

interface Measured {
  readonly label: string;
  readonly rows: number;
  readonly seconds: number;
  readonly note: string;
}

async function measureProjector(run: BenchRun, schema: string, pass: string): Promise<Measured> {
  const { config, say } = run;
  const ds = await freshSchema(run, schema);
  const logger = createLogger('bench-projector', 'warn');
  const group = `bench-${run.runId}-projector-${pass}`;
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
  let cpu = 0;
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
        cpu = (
          await cpuMicros(() =>
            profiled(
              pass === 'measured' ? (textOption('profile') ?? textOption('heap-profile')) : undefined,
              async () => {
                await consumer.start();
                await finished;
              },
              textOption('heap-profile') !== undefined,
            ),
          )
        ).micros;
      },
    );
  } finally {
    await consumer.stop();
    await ds.destroy();
  }
  const wall = (performance.now() - wallStart) / 1000;
  return {
    label:
      pass === 'measured' ? 'projector (BatchConsumer + BatchApplier)' : `projector, ${pass} pass (not in the ratio)`,
    rows: applier.stats.events,
    seconds: (last - first) / 1000,
    note: `${applier.stats.batches} transactions; ${fmt(cpu / Math.max(1, applier.stats.events))} µs CPU/event in this process; wall incl. group join ${fmt(wall, 1)} s`,
  };
}

async function main(run: BenchRun): Promise<void> {
  const tenant = `bench-${run.runId}`;
  await produceComparisons(run, EVENTS, tenant);
  // The baseline's rows, from a first pass of the projector: the COPY before the measured pass needs them.
  const firstSchema = `bench_${run.runId}_first`;
  const first = await measureProjector(run, firstSchema, 'first');
  const projected = `bench_${run.runId}_proj`;
  const bracketed = await runBracketed(run, {
    firstSchema,
    subject: 'the projector',
    measure: async () => ({ measured: await measureProjector(run, projected, 'measured'), schema: projected }),
    extra: {
      what: 'the raw COPY of the events rows',
      load: (dump) => loadDump(run, dump, `bench_${run.runId}_copy`, 'raw COPY of the events rows', ['events']),
    },
  });
  const { written, copyBefore, measured: projector, copyAfter, differs, settledMs, settleNote } = bracketed;
  const copyEvents = bracketed.extra as CopyMeasured;
  const rate = (m: { rows: number; seconds: number }) => m.rows / m.seconds;
  const bracket = bracketedRatio(rate(projector), copyBefore, copyAfter);
  const out = [
    '',
    machineLine('Projector benchmark'),
    `${fmt(EVENTS)} comparison.recorded events on one topic (${run.config.kafka.partitions} partitions), ${CONCURRENCY} partition(s) applied at once`,
    `each timed section settled first (${fmt(Math.min(...settledMs) / 1000, 1)}–${fmt(Math.max(...settledMs) / 1000, 1)} s each, not timed): ${settleNote}; autovacuum ${await autovacuumSetting(run)}`,
    '',
    table(
      ['path', 'events', 'seconds', 'events/s', 'notes'],
      [first, copyBefore, projector, copyAfter, copyEvents].map((m) => [
        m.label,
        fmt(m.rows),
        fmt(m.seconds, 2),
        fmt(rate(m)),
        m.note,
      ]),
    ),
    '',
    ...bracketedLines('the projector', rate(projector), bracket, written.join(' + ')),
    `reference: projector ÷ raw COPY of the events rows alone ${fmt(rate(copyEvents))} rows/s = ${fmt(rate(projector) / rate(copyEvents), 2)}`,
    '',
    `target (issue #17): projector ≥ ${TARGET}× a raw COPY of every row it writes: ${fmt(bracket.ratio, 2)}× → ${bracket.ratio >= TARGET ? 'PASS' : 'MISS'}`,
    projector.rows < EVENTS ? `  note: only ${fmt(projector.rows)} of ${fmt(EVENTS)} events were applied` : '',
    differs ? `  note: the measured pass wrote other row counts than the first: ${differs}` : '',
    '(a MISS does not fail this command: timings on a shared machine are noisy)',
  ];
  process.stdout.write(`${out.filter((l, i, a) => l !== '' || a[i - 1] !== '').join('\n')}\n`);
}

void withBenchRun('projector', main);
