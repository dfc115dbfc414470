/**
 * Replay benchmark: `hindsight replay`'s core (`replayProjections` from libs/projector, from the
 * beginning, into a fresh schema) against a raw kafkajs consumer reading the same topics, same
 * machine, same run.
 *
 *   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/replay/replay.bench.ts
 *   options: --events 200k     comparison.recorded events produced to the run's annotations topic
 *            --profile <file>  a V8 CPU profile of the replay phase only (bench/ingest/profile-summary.ts)
 *
 * The events are sealed as the api seals them (AES-256-GCM under each of 50 raters' data keys, the
 * keys wrapped under the run's key-encryption key on the subject-keys topic).
 *
 * Measured: `replayProjections(config, logger, { noSwitch: true })` — it migrates a fresh replay
 * schema, consumes every event topic from offset 0 with the projector's BatchConsumer and
 * BatchApplier (sub-batches of up to 5000, events + projections + offsets in one transaction each) until
 * the end offsets taken at its start are reached. `noSwitch` skips the blue/green swap, which needs a
 * live projector to catch up with and is not throughput. Its own `seconds` are used (they include
 * the schema migration, the key catch-up and the group join, so the ratio is conservative; its progress
 * is reported when each sub-batch commits, so the times are the real ones, not a poll's).
 *
 * Baseline (issue #17), in the same run: a raw `COPY … FROM STDIN` of every row the replay writes
 * (each table of the replay schema that holds rows: event_index, events, comparisons,
 * consumer_offsets) into a fresh migrated schema with the same indexes and month partitions
 * (bench/projector/copy-baseline.ts), loaded once BEFORE and once AFTER the measured replay; the ratio is
 * taken against both loads together (bench/projector/bracketed-baseline.ts says why) and their spread is
 * printed. The rows come from a first, untimed replay into a schema of its own (dumped, then dropped); the
 * measured replay must write as many rows to each table, or a note says otherwise. The first replay also
 * warms this process (JIT, keys already caught up into the live schema), as a second `hindsight replay`
 * would find it. Every timed section starts settled (bench/projector/settle.ts: `sync`, `CHECKPOINT`, no
 * autovacuum worker running), so the write-back of one section does not land on the next.
 * Reference: a raw kafkajs consumer (a fresh group, fromBeginning, eachBatch, the same 4 MB
 * maxBytesPerPartition as the BatchConsumer) over the same topics that only counts messages, timed
 * from `run()` to the last message, so its group join is counted too.
 *
 * Prints the table, the ratios and issue #17's target (≥ 0.7× the COPY) as PASS/MISS; a MISS never changes
 * the exit code. Its own topics and schemas are deleted at the end, also on Ctrl-C.
 */
import { randomBytes } from 'node:crypto';
import { EVENT_TOPICS, topicName } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { replayProjections } from '@hindsight/projector-core';
import { createLogger } from '@hindsight/runtime';
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
} from '../projector/bench-support';
import { declareBenchArgs } from '../bench-args';
import { bracketedLines, bracketedRatio } from '../projector/bracketed-baseline';
import { runBracketed } from '../projector/bracketed-run';
import { autovacuumSetting } from '../projector/settle';

declareBenchArgs(
  'bench:replay',
  'replayProjections from the beginning against a raw COPY of every row it writes (issue #17)',
  {
    events: {
      value: 'N',
      help: "comparison.recorded events produced to the run's annotations topic (200k, 1M allowed; default 200k)",
    },
    profile: { value: 'file', help: 'a V8 CPU profile of the measured replay only (bench/ingest/profile-summary.ts)' },
  },
);
const EVENTS = numberOption('events', 200_000);
/** Issue #17: the replay ≥ 0.7× a raw COPY of every row it writes. */
const TARGET = 0.7;

interface Measured {
  readonly label: string;
  readonly messages: number;
  readonly seconds: number;
  readonly note: string;
}

async function rawConsumer(run: BenchRun, expected: number): Promise<Measured> {
  const { config, say } = run;
  const topics = EVENT_TOPICS.map((base) => topicName(config.kafka.topicPrefix, base));
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-bench-raw-consumer` });
  const consumer = kafka.consumer({
    groupId: `bench-${run.runId}-raw-${randomBytes(3).toString('hex')}`,
    allowAutoTopicCreation: false,
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  let count = 0;
  let bytes = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.connect();
  for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
  say(`raw kafkajs consumer over ${topics.length} topics, counting messages`);
  const started = performance.now();
  let ended = started;
  try {
    await withTicker(
      say,
      'raw consumer',
      () => `${fmt(count)}/${fmt(expected)} messages`,
      async () => {
        await consumer.run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            count += batch.messages.length;
            for (const m of batch.messages) bytes += m.value?.length ?? 0;
            if (count >= expected) {
              ended = performance.now();
              done();
            }
          },
        });
        await finished;
      },
    );
  } finally {
    await consumer.disconnect();
  }
  return {
    label: 'raw kafkajs consumer (count only)',
    messages: count,
    seconds: (ended - started) / 1000,
    note: `${fmt(bytes / 1e6)} MB of values; incl. group join`,
  };
}

async function replay(run: BenchRun, pass: 'first' | 'measured'): Promise<Measured & { readonly schema: string }> {
  const { config, say } = run;
  let last = { applied: 0, target: 0 };
  const started = performance.now();
  /** When each phase was first reported, and when the first events were applied: the setup before them is a fixed cost. */
  const firstSeen = new Map<string, number>();
  say(`replayProjections from the beginning into a fresh schema (noSwitch), ${pass} pass`);
  const { result, micros } = await withTicker(
    say,
    'replay',
    () => `${fmt(last.applied)}/${fmt(last.target)} events`,
    () =>
      cpuMicros(() =>
        profiled(pass === 'measured' ? textOption('profile') : undefined, () =>
          replayProjections(config, createLogger('bench-replay', 'warn'), { noSwitch: true }, (p) => {
            last = p;
            if (!firstSeen.has(p.phase)) firstSeen.set(p.phase, performance.now());
            if (p.applied > 0 && !firstSeen.has('applied')) firstSeen.set('applied', performance.now());
          }),
        ),
      ),
  );
  run.extraSchemas.push(result.replaySchema);
  const at = (phase: string) => ((firstSeen.get(phase) ?? NaN) - started) / 1000;
  return {
    label: pass === 'measured' ? 'replay (replayProjections, noSwitch)' : 'replay, first pass (not in the ratio)',
    messages: result.events,
    seconds: result.seconds,
    note:
      `${fmt(micros / Math.max(1, result.events))} µs CPU/event in this process; incl. schema migration and keys (together) ` +
      `until ${fmt(at('consuming'), 2)} s, first sub-batch committed at ${fmt(at('applied'), 2)} s (group join, first fetch opened)`,
    schema: result.replaySchema,
  };
}

async function main(run: BenchRun): Promise<void> {
  // Sealed as the api seals them, with the raters' wrapped keys on the subject-keys topic: the replay reads the keys first.
  await produceComparisons(run, EVENTS, `bench-${run.runId}`, 20_000, { sealed: true });
  const raw = await rawConsumer(run, EVENTS);
  // The baseline's rows, from a first replay: the COPY before the measured replay needs them.
  const first = await replay(run, 'first');
  const bracketed = await runBracketed(run, {
    firstSchema: first.schema,
    subject: 'the replay',
    measure: async () => {
      const replayed = await replay(run, 'measured');
      return { measured: replayed, schema: replayed.schema };
    },
  });
  const { written, copyBefore, measured: replayed, copyAfter, differs, settledMs, settleNote } = bracketed;
  const rate = (m: { rows?: number; messages?: number; seconds: number }) => (m.rows ?? m.messages ?? 0) / m.seconds;
  const bracket = bracketedRatio(rate(replayed), copyBefore, copyAfter);
  const row = (m: { label: string; seconds: number; note: string; rows?: number; messages?: number }) => [
    m.label,
    fmt(m.rows ?? m.messages ?? 0),
    fmt(m.seconds, 2),
    fmt(rate(m)),
    m.note,
  ];
  const out = [
    '',
    machineLine('Replay benchmark'),
    `${fmt(EVENTS)} comparison.recorded events on the run's topics (${run.config.kafka.partitions} partitions each), sealed under 50 raters' data keys; the replay reads the wrapped keys from subject-keys first, unwraps them under the run's key-encryption key and opens every event`,
    `each timed section but the raw consumer settled first (${fmt(Math.min(...settledMs) / 1000, 1)}–${fmt(Math.max(...settledMs) / 1000, 1)} s each, not timed): ${settleNote}; autovacuum ${await autovacuumSetting(run)}`,
    '',
    table(['path', 'events', 'seconds', 'events/s', 'notes'], [first, copyBefore, replayed, copyAfter, raw].map(row)),
    '',
    ...bracketedLines('the replay', rate(replayed), bracket, written.join(' + ')),
    `reference: replay ÷ raw consumer ${fmt(rate(raw))} messages/s = ${fmt(rate(replayed) / rate(raw), 2)}`,
    '',
    `target (issue #17): replay from the beginning ≥ ${TARGET}× a raw COPY of every row it writes: ${fmt(bracket.ratio, 2)}× → ${bracket.ratio >= TARGET ? 'PASS' : 'MISS'}`,
    ...(replayed.messages < EVENTS
      ? [`  note: the replay applied ${fmt(replayed.messages)} of ${fmt(EVENTS)} events`]
      : []),
    ...(differs ? [`  note: the measured replay wrote other row counts than the first: ${differs}`] : []),
    '(a MISS does not fail this command: timings on a shared machine are noisy)',
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

void withBenchRun('replay', main);
