/**
 * What the projector, replay and dataset benchmarks share: options, a run of their own (topic prefix,
 * schema, broker started if none answers), synthetic comparison.recorded events produced straight to
 * the run's topic, tables and clean-up. Not a benchmark itself.
 */
import { randomBytes } from 'node:crypto';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { Client } from 'pg';
import { loadPlatformConfig, type PlatformConfig } from '@hindsight/config';
import {
  eventHeaders,
  exampleEventInputs,
  formatUuidV7,
  partitionKey,
  sealEvent,
  topicName,
  TOPICS,
  validateEventInput,
  type HindsightEvent,
} from '@hindsight/contracts';
import { createKafka, deleteTopicsWithPrefix } from '@hindsight/kafka';
import { stackDown, stackUp } from '@hindsight/local-stack';
import { createLogger, preparePlatform } from '@hindsight/runtime';
import { quoteIdentifier } from '@hindsight/store';
import {
  associatedDataOf,
  generateKeyEncryptionKey,
  loadLocalKeyRing,
  newKeyRingFile,
  sealData,
  subjectKeyMessage,
  wrapDataKey,
  wrappedKeyRecord,
  writeKeyRingFile,
} from '@hindsight/shredding';

// ---------------------------------------------------------------- options

// The readers live with the command line's declaration (bench/bench-args.ts); re-exported for the benchmarks here.
export { listOption, numberOption, textOption } from '../bench-args';

// ---------------------------------------------------------------- a run of its own

export interface BenchRun {
  readonly runId: string;
  readonly env: NodeJS.ProcessEnv;
  readonly config: PlatformConfig;
  readonly startedBroker: boolean;
  readonly say: (line: string) => void;
  /** Schemas besides the run's own to drop at the end (replay schemas, …). */
  readonly extraSchemas: string[];
}

/**
 * A topic prefix `bench-<run>.` and schema `bench_<run>` of this run's own, migrated, with the
 * platform's topics created; a broker started with stack:up when none answers.
 */
export async function startBenchRun(name: string): Promise<BenchRun> {
  const say = (line: string) => process.stderr.write(`[bench:${name}] ${line}\n`);
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_TOPIC_PREFIX: `bench-${runId}.`,
    DATABASE_SCHEMA: `bench_${runId}`,
    PROJECTOR_GROUP_ID: `bench-${runId}-projector`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // A key-encryption key of the run's own, as `npm start` makes one on a new platform.
    HINDSIGHT_KEK: '',
    HINDSIGHT_KEK_FILE: join(tmpdir(), `hindsight-bench-${runId}-kek.json`),
  };
  writeKeyRingFile(env.HINDSIGHT_KEK_FILE as string, newKeyRingFile(generateKeyEncryptionKey(), new Date()));
  const config = loadPlatformConfig(env);
  say(`run ${runId}: topics ${config.kafka.topicPrefix}*, schema ${config.database.schema}`);
  const startedBroker = (await stackUp(config, say)).started === 'java';
  const dataSource = await preparePlatform(config, createLogger(`bench-${name}`, 'warn'), `bench-${name}`);
  await dataSource.destroy();
  return { runId, env, config, startedBroker, say, extraSchemas: [] };
}

/** Deletes the run's topics and schemas, and stops the broker if the run started it. */
export async function cleanUpBenchRun(run: BenchRun): Promise<void> {
  rmSync(run.env.HINDSIGHT_KEK_FILE as string, { force: true });
  const { config, say } = run;
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-bench-cleanup` });
  const deleted = await deleteTopicsWithPrefix(kafka, config.kafka.topicPrefix).catch(
    (error: Error) => (say(`could not delete topics: ${error.message}`), []),
  );
  const client = new Client({ connectionString: config.database.url });
  await client.connect();
  try {
    for (const schema of [config.database.schema, ...run.extraSchemas])
      await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
  say(
    `cleaned up: ${deleted.length} topics ${config.kafka.topicPrefix}*, schemas ${[config.database.schema, ...run.extraSchemas].join(', ')}`,
  );
  if (run.startedBroker) await stackDown(config, say);
}

/** Runs `body` with the run, cleaning up afterwards, also on Ctrl-C; a failure sets exit code 1. */
export async function withBenchRun(name: string, body: (run: BenchRun) => Promise<void>): Promise<void> {
  let run: BenchRun | undefined;
  const interrupted = () => {
    process.stderr.write(`[bench:${name}] interrupted; cleaning up\n`);
    void (async () => {
      if (run) await cleanUpBenchRun(run).catch(() => undefined);
      process.exit(130);
    })();
  };
  process.once('SIGINT', interrupted);
  try {
    run = await startBenchRun(name);
    await body(run);
  } catch (error) {
    process.stderr.write(
      `bench:${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  } finally {
    process.removeListener('SIGINT', interrupted);
    if (run)
      await cleanUpBenchRun(run).catch((error: Error) => process.stderr.write(`clean-up failed: ${error.message}\n`));
  }
}

// ---------------------------------------------------------------- events

export interface ProducedEvents {
  readonly topic: string;
  readonly count: number;
  readonly bytes: number;
  readonly seconds: number;
}

/**
 * `count` distinct comparison.recorded events as the api would have put them on Kafka (sealed
 * envelope, headers, task key), produced straight to the run's annotations topic with an
 * idempotent producer, acks -1. Tasks cycle over `tasks` ids, raters over 50.
 */
export async function produceComparisons(
  run: BenchRun,
  count: number,
  tenant: string,
  tasks = 20_000,
  options: { readonly sealed?: boolean } = {},
): Promise<ProducedEvents> {
  const { config, say } = run;
  const topic = topicName(config.kafka.topicPrefix, TOPICS.annotations);
  const input = structuredClone(exampleEventInputs['comparison.recorded']) as unknown as {
    occurredAt?: string;
    data: Record<string, unknown>;
  };
  delete input.occurredAt;
  delete input.data.queueId;
  delete input.data.assignmentId;
  const sealed = sealEvent(
    validateEventInput({
      ...input,
      idempotencyKey: 'KEYXPLACEHOLDER',
      data: { ...input.data, taskId: 'task-TASKXPLACEHOLDER', raterId: 'rater-RATERXPLACEHOLDER' },
    }),
    {
      id: formatUuidV7(Date.now(), randomBytes(10)),
      recordedAt: new Date().toISOString(),
      tenant,
      source: 'bench',
    },
  ) as HindsightEvent;
  const template = JSON.stringify({ ...sealed, id: 'IDXPLACEHOLDER' });
  const headers = eventHeaders(sealed);
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-bench-producer` });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  // Sealed as the api seals: each rater's data key wrapped under the run's key-encryption key on the subject-keys topic.
  const dataKeys = options.sealed ? await publishRaterKeys(run, tenant, producer) : undefined;
  const started = performance.now();
  let bytes = 0;
  let lastReport = 0;
  try {
    const perSend = 2000;
    for (let done = 0; done < count; done += perSend) {
      const messages = [];
      for (let i = done; i < Math.min(count, done + perSend); i++) {
        const task = `task-${i % tasks}`;
        const value = template
          .replace('IDXPLACEHOLDER', formatUuidV7(Date.now(), randomBytes(10)))
          .replace('KEYXPLACEHOLDER', `bench-${run.runId}-${i}`)
          .replace(/task-TASKXPLACEHOLDER/g, task)
          .replace('rater-RATERXPLACEHOLDER', `rater-${i % RATERS}`);
        const finalValue = dataKeys ? sealedValue(value, dataKeys[i % RATERS], `rater-${i % RATERS}`) : value;
        bytes += finalValue.length;
        messages.push({
          key: partitionKey({ ...sealed, data: { ...sealed.data, taskId: task } } as HindsightEvent),
          value: finalValue,
          headers,
        });
      }
      await producer.send({ topic, acks: -1, messages });
      if (performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        say(
          `  produced ${Math.min(count, done + perSend).toLocaleString('en-US')}/${count.toLocaleString('en-US')} events`,
        );
      }
    }
  } finally {
    await producer.disconnect();
  }
  const seconds = (performance.now() - started) / 1000;
  say(
    `produced ${count.toLocaleString('en-US')} events (${(bytes / 1e6).toFixed(0)} MB of JSON) to ${topic} in ${seconds.toFixed(1)} s`,
  );
  return { topic, count, bytes, seconds };
}

// ---------------------------------------------------------------- reporting

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—';

/** A plain-text table: the first and last columns left-aligned, the others right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function machineLine(title: string): string {
  return `${title} — ${new Date().toISOString()}, node ${process.version}, ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`;
}

/** `ratio ≥ target → PASS`, else MISS; never an exit code. */
export function verdict(ratio: number, target: number): string {
  return `${fmt(ratio * 100, 1)} % (target ≥ ${fmt(target * 100, 0)} %) → ${ratio >= target ? 'PASS' : 'MISS'}`;
}

/** Logs progress every `everyMs` while `body` runs. */
export async function withTicker<T>(
  say: (line: string) => void,
  label: string,
  status: () => string,
  body: () => Promise<T>,
  everyMs = 5000,
): Promise<T> {
  const started = Date.now();
  const timer = setInterval(
    () => say(`  ${label}: ${Math.round((Date.now() - started) / 1000)} s, ${status()}`),
    everyMs,
  );
  try {
    return await body();
  } finally {
    clearInterval(timer);
  }
}

const RATERS = 50;

/** One data key per rater, wrapped and published to the run's subject-keys topic (acks -1) before any event sealed with it. */
async function publishRaterKeys(
  run: BenchRun,
  tenant: string,
  producer: ReturnType<ReturnType<typeof createKafka>['producer']>,
): Promise<Buffer[]> {
  const kek = loadLocalKeyRing(run.config.keyEncryption).current();
  const topic = topicName(run.config.kafka.topicPrefix, TOPICS.subjectKeys);
  const keys = Array.from({ length: RATERS }, () => randomBytes(32));
  const now = new Date().toISOString();
  await producer.send({
    topic,
    acks: -1,
    messages: keys.map((key, i) => {
      const ref = { tenant, kind: 'rater' as const, id: `rater-${i}` };
      const m = subjectKeyMessage(topic, wrappedKeyRecord(ref, kek.id, wrapDataKey(key, kek, ref), now));
      return { key: m.key, value: m.value, headers: m.headers };
    }),
  });
  return keys;
}

function sealedValue(value: string, key: Buffer, raterId: string): string {
  const event = JSON.parse(value) as { tenant: string; type: string; id: string; data: unknown };
  return JSON.stringify({
    ...event,
    data: sealData(event.data, key, { kind: 'rater', id: raterId }, associatedDataOf(event)),
  });
}

/**
 * Runs `body` under V8's sampling CPU profiler (every 100 µs, through node:inspector, so only the
 * measured phase is in it) and writes the profile to `file`; with `heap`, under the sampling heap
 * profiler instead (every 4 KiB allocated on average, including the objects garbage collection freed:
 * what the collector works for), written as a `.heapprofile`. Without a file it just runs `body`.
 * Summarise with bench/ingest/profile-summary.ts or bench/ingest/heap-summary.ts.
 */
export async function profiled<T>(file: string | undefined, body: () => Promise<T>, heap = false): Promise<T> {
  if (file === undefined) return body();
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((done, fail) =>
      session.post(method, params ?? {}, (error, result) => (error ? fail(error) : done(result))),
    );
  if (heap) {
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  } else {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 100 });
    await post('Profiler.start');
  }
  try {
    return await body();
  } finally {
    const { profile } = (await post(heap ? 'HeapProfiler.stopSampling' : 'Profiler.stop')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

/** This process's CPU time (user + system) in µs while `body` runs. */
export async function cpuMicros<T>(body: () => Promise<T>): Promise<{ result: T; micros: number }> {
  const before = process.cpuUsage();
  const result = await body();
  const used = process.cpuUsage(before);
  return { result, micros: used.user + used.system };
}
