/**
 * Ingestion benchmark: the api over loopback against a raw kafkajs producer, same machine, same run.
 *
 *   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/ingest/ingest.bench.ts
 *   options: --duration 15     seconds per api phase (and the cap of each raw phase)
 *            --warmup 3        seconds of single events before measuring
 *            --connections 32  HTTP connections for single events (and the raw single-send concurrency)
 *            --batch-connections 8  HTTP connections for batches (and the raw batch concurrency)
 *            --rate 400        requests/s of the fixed-rate latency phase (issue #17's figure)
 *            --batch-size 100  events per batch
 *
 * It brings up what it needs the way the integration tests do: a broker at KAFKA_BROKERS (stack:up
 * when none answers, stopped again if it started it), PostgreSQL at DATABASE_URL, and a topic prefix
 * and schema of its own (`bench-<run>.`, `bench_<run>`), deleted at the end. The api runs in this
 * process; autocannon drives it from a worker thread; every request carries fresh idempotency keys,
 * so each one goes through validation, the idempotency transaction and the Kafka acknowledgement.
 *
 * Phases: (a) single events `POST /v1/events` at the maximum rate, then at a fixed --rate for
 * latency: evenly spaced requests from paced-load.js (the issue's p99 target), and, for comparison
 * with earlier runs, autocannon's overallRate, which sends each second's share as a burst of
 * --connections concurrent requests; (b) batches `POST /v1/events/batch` at the maximum rate. Baseline: a raw kafkajs
 * producer (idempotent, acks -1, maxInFlightRequests 1) sending the same number of events with
 * the same payload JSON to the same topic — single sends awaited one by one by --connections
 * concurrent loops, and `send` calls of --batch-size messages by --batch-connections loops.
 *
 * It prints a table, the ratios and the issue's targets with PASS/MISS. A miss never makes the
 * exit code non-zero (this is a noisy shared machine); only a failure to run does.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { ApiKeys, publishingKeyWriter } from '@hindsight/access';
import { loadPlatformConfig, type PlatformConfig } from '@hindsight/config';
import {
  eventHeaders,
  exampleEventInputs,
  formatUuidV7,
  partitionKey,
  sealEvent,
  topicName,
  topicOf,
  validateEventInput,
  type HindsightEvent,
} from '@hindsight/contracts';
import { createKafka, deleteTopicsWithPrefix, EventPublisher } from '@hindsight/kafka';
import { stackDown, stackUp } from '@hindsight/local-stack';
import { startService, type RunningService } from '@hindsight/runtime';
import { ApiKeyRepository, quoteIdentifier } from '@hindsight/store';
import { generateKeyEncryptionKey, newKeyRingFile, writeKeyRingFile } from '@hindsight/shredding';
import { benchArg, declareBenchArgs, refuseBenchArg } from '../bench-args';
import { apiService } from '@hindsight/api-service';

// ---------------------------------------------------------------- options

declareBenchArgs('bench:ingest', "the api's events/s and latency against a raw kafkajs producer (issue #17)", {
  duration: { value: 'seconds', help: 'seconds per api phase, and the cap of each raw phase (default 15)' },
  warmup: { value: 'seconds', help: 'seconds of single events before measuring (default 3)' },
  connections: {
    value: 'N',
    help: 'HTTP connections for single events, and the raw single-send concurrency (default 32)',
  },
  'batch-connections': {
    value: 'N',
    help: 'HTTP connections for batches, and the raw batch concurrency (default 8)',
  },
  rate: { value: 'N', help: "requests/s of the fixed-rate latency phase (default 400, issue #17's figure)" },
  'batch-size': { value: 'N', help: 'events per batch (default 100)' },
});

function option(name: string, fallback: number): number {
  const text = benchArg(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) refuseBenchArg(name, 'needs a positive number', String(text));
  return value;
}

const DURATION = option('duration', 15);
const WARMUP = option('warmup', 3);
const CONNECTIONS = option('connections', 32);
const BATCH_CONNECTIONS = option('batch-connections', 8);
const RATE = option('rate', 400);
const BATCH_SIZE = option('batch-size', 100);
/** The issue's targets (#17). */
const TARGET_BATCH_RATIO = 0.5;
const TARGET_SINGLE_RATIO = 0.6;
const TARGET_SINGLE_P99_MS = 25;

const say = (line: string) => process.stderr.write(`[bench:ingest] ${line}\n`);
const TYPE = 'comparison.recorded' as const;

// ---------------------------------------------------------------- payloads

/**
 * The example comparison as a client sends it, with placeholders for the idempotency key and the
 * task; without a queue assignment (the api would check it against one it served).
 */
function clientTemplate(): string {
  const input = structuredClone(exampleEventInputs[TYPE]) as unknown as {
    occurredAt?: string;
    idempotencyKey: string;
    data: { taskId: string; queueId?: string; assignmentId?: string };
  };
  delete input.occurredAt;
  delete input.data.queueId;
  delete input.data.assignmentId;
  input.idempotencyKey = 'KEYXPLACEHOLDER';
  input.data.taskId = 'task-TASKXPLACEHOLDER';
  return JSON.stringify(input);
}

interface RawMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * What the api would put on Kafka for the same input: the sealed event JSON and headers. Built by
 * replacing the placeholders of one sealed template, so the baseline spends no time on validation.
 */
function rawMessageFactory(tenant: string): () => RawMessage {
  const sealed = sealEvent(validateEventInput(JSON.parse(clientTemplate().replace('TASKXPLACEHOLDER', '0'))), {
    id: formatUuidV7(Date.now(), randomBytes(10)),
    recordedAt: new Date().toISOString(),
    tenant,
    source: 'api-key-benchmark0',
  }) as HindsightEvent;
  const template = JSON.stringify({ ...sealed, id: 'IDXPLACEHOLDER' }).replace(/task-0\b/g, 'task-TASKXPLACEHOLDER');
  const headers = eventHeaders(sealed);
  const prefix = `raw-${randomBytes(6).toString('hex')}`;
  let n = 0;
  return () => {
    n += 1;
    const task = `task-${n % 1024}`;
    const value = template
      .replace('IDXPLACEHOLDER', formatUuidV7(Date.now(), randomBytes(10)))
      .replace('KEYXPLACEHOLDER', `${prefix}-${n}`)
      .replace(/task-TASKXPLACEHOLDER/g, task);
    return {
      key: partitionKey({ ...sealed, data: { ...sealed.data, taskId: task } } as HindsightEvent),
      value,
      headers,
    };
  };
}

// ---------------------------------------------------------------- measurement helpers

interface Measured {
  readonly label: string;
  readonly events: number;
  readonly seconds: number;
  readonly requests: number;
  readonly p50: number;
  readonly p99: number;
  readonly failures: string;
  readonly note?: string;
}

const eventsPerSecond = (m: Measured) => m.events / m.seconds;

function progress(label: string, seconds: number, extra: () => string = () => ''): () => void {
  const started = Date.now();
  const timer = setInterval(
    () => say(`  ${label}: ${Math.round((Date.now() - started) / 1000)}/${seconds} s ${extra()}`),
    5000,
  );
  return () => clearInterval(timer);
}

/** One autocannon run from a worker thread, every request built by setup-request.js. */
async function cannon(
  url: string,
  key: string,
  label: string,
  opts: { path: string; batchSize: number; connections: number; seconds: number; rate?: number },
): Promise<autocannon.Result> {
  process.env.HINDSIGHT_BENCH_EVENT_TEMPLATE = clientTemplate();
  process.env.HINDSIGHT_BENCH_BATCH_SIZE = String(opts.batchSize);
  say(
    `${label}: ${opts.connections} connections, ${opts.seconds} s${opts.rate ? `, ${opts.rate} requests/s` : ', as fast as it answers'}`,
  );
  const stop = progress(label, opts.seconds);
  try {
    return await new Promise<autocannon.Result>((done, fail) => {
      autocannon(
        {
          url,
          connections: opts.connections,
          duration: opts.seconds,
          workers: 1,
          timeout: 30,
          ...(opts.rate ? { overallRate: opts.rate } : {}),
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          requests: [{ method: 'POST', path: opts.path, setupRequest: resolve(__dirname, 'setup-request.js') }],
        },
        (error, result) => (error ? fail(error) : done(result)),
      );
    });
  } finally {
    stop();
  }
}

function fromCannon(label: string, result: autocannon.Result, eventsPerRequest: number): Measured {
  const failures = [
    result.non2xx
      ? `${result.non2xx} non-2xx (${Object.entries(result.statusCodeStats ?? {})
          .filter(([s]) => !s.startsWith('2'))
          .map(([s, c]) => `${s}×${c.count}`)
          .join(' ')})`
      : '',
    result.errors ? `${result.errors} errors` : '',
    result.timeouts ? `${result.timeouts} timeouts` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return {
    label,
    events: result['2xx'] * eventsPerRequest,
    seconds: result.duration,
    requests: result['2xx'],
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: failures || 'none',
  };
}

/**
 * Single events at a fixed rate, evenly spaced (bench/ingest/paced-load.js in a worker thread): the latency
 * of each request counts from when it was due. autocannon's overallRate sends each second's share in a
 * burst of --connections concurrent requests instead, so its p99 is the latency at saturation.
 */
async function paced(
  url: string,
  key: string,
  label: string,
  opts: { path: string; connections: number; seconds: number; rate: number },
): Promise<Measured> {
  process.env.HINDSIGHT_BENCH_EVENT_TEMPLATE = clientTemplate();
  process.env.HINDSIGHT_BENCH_BATCH_SIZE = '0';
  say(`${label}: ${opts.rate} requests/s evenly spaced, up to ${opts.connections} connections, ${opts.seconds} s`);
  const stop = progress(label, opts.seconds);
  try {
    const result = await new Promise<{ latencies: number[]; statuses: [number, number][]; errors: number }>(
      (done, fail) => {
        const worker = new Worker(resolve(__dirname, 'paced-load.js'), { workerData: { url, key, ...opts } });
        worker.once('message', done);
        worker.once('error', fail);
      },
    );
    const latencies = result.latencies.sort((a, b) => a - b);
    const accepted = result.statuses.filter(([s]) => s >= 200 && s < 300).reduce((n, [, c]) => n + c, 0);
    const refused = result.statuses.filter(([s]) => s < 200 || s >= 300);
    const failures = [
      refused.length > 0
        ? `${refused.reduce((n, [, c]) => n + c, 0)} non-2xx (${refused.map(([s, c]) => `${s}×${c}`).join(' ')})`
        : '',
      result.errors ? `${result.errors} errors` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return {
      label,
      events: accepted,
      seconds: opts.seconds,
      requests: accepted,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      failures: failures || 'none',
    };
  } finally {
    stop();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * The baseline: `concurrency` loops, each awaiting one `send` of `perSend` messages after another,
 * until `events` messages were acknowledged or `capSeconds` passed.
 */
async function rawProducer(
  config: PlatformConfig,
  tenant: string,
  label: string,
  opts: { events: number; perSend: number; concurrency: number; capSeconds: number },
): Promise<Measured> {
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-bench-raw` });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  const topic = topicName(config.kafka.topicPrefix, topicOf(TYPE));
  const next = rawMessageFactory(tenant);
  // Warm the connection and the producer id, as the api's publisher is warm by now.
  await producer.send({ topic, acks: -1, messages: [next()] });
  say(
    `${label}: ${opts.events} events, ${opts.concurrency} concurrent loops of ${opts.perSend === 1 ? 'single sends' : `sends of ${opts.perSend}`}, cap ${opts.capSeconds} s`,
  );
  let sent = 0;
  let acked = 0;
  let failed = 0;
  const latencies: number[] = [];
  const deadline = performance.now() + opts.capSeconds * 1000;
  const stop = progress(label, opts.capSeconds, () => `(${acked}/${opts.events} events acknowledged)`);
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (sent < opts.events && performance.now() < deadline) {
          const count = Math.min(opts.perSend, opts.events - sent);
          sent += count;
          const messages = Array.from({ length: count }, next);
          const t0 = performance.now();
          try {
            await producer.send({ topic, acks: -1, messages });
            acked += count;
            latencies.push(performance.now() - t0);
          } catch {
            failed += count;
          }
        }
      }),
    );
  } finally {
    stop();
  }
  const seconds = (performance.now() - started) / 1000;
  await producer.disconnect();
  latencies.sort((a, b) => a - b);
  return {
    label,
    events: acked,
    seconds,
    requests: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures: failed ? `${failed} events failed` : 'none',
    note: acked < opts.events ? `capped at ${opts.capSeconds} s: ${acked} of ${opts.events} events` : undefined,
  };
}

// ---------------------------------------------------------------- set-up and clean-up

/** One request of each kind first, so that a payload the api refuses stops the run with the reason. */
async function smokeTest(url: string, key: string): Promise<void> {
  const body = (n: number) =>
    clientTemplate()
      .replace('KEYXPLACEHOLDER', `smoke-${randomBytes(6).toString('hex')}-${n}`)
      .replace('TASKXPLACEHOLDER', String(n));
  for (const [path, payload] of [
    ['/v1/events', body(0)],
    ['/v1/events/batch', `{"events":[${body(1)},${body(2)}]}`],
  ]) {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: payload,
    });
    if (response.status !== 202)
      throw new Error(`POST ${path} answered ${response.status}, not 202: ${await response.text()}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no free port')),
      );
    });
  });
}

async function topicEndOffsets(config: PlatformConfig): Promise<number> {
  const admin = createKafka({
    brokers: config.kafka.brokers,
    clientId: `${config.kafka.clientId}-bench-admin`,
  }).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topicName(config.kafka.topicPrefix, topicOf(TYPE)))).reduce(
      (sum, p) => sum + Number(p.high),
      0,
    );
  } finally {
    await admin.disconnect();
  }
}

async function cleanUp(config: PlatformConfig, startedBroker: boolean, kekFile: string): Promise<void> {
  rmSync(kekFile, { force: true });
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-bench-cleanup` });
  const deleted = await deleteTopicsWithPrefix(kafka, config.kafka.topicPrefix).catch(
    (error: Error) => (say(`could not delete topics: ${error.message}`), []),
  );
  const client = new Client({ connectionString: config.database.url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(config.database.schema)} CASCADE`);
  } finally {
    await client.end();
  }
  say(`cleaned up: ${deleted.length} topics ${config.kafka.topicPrefix}*, schema ${config.database.schema}`);
  if (startedBroker) await stackDown(config, say);
}

// ---------------------------------------------------------------- report

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—';

function report(
  rows: Measured[],
  singleMax: Measured,
  singleRate: Measured,
  singleBursts: Measured,
  batch: Measured,
  rawSingle: Measured,
  rawBatch: Measured,
  stored: { expected: number; found: number },
): void {
  const header = ['phase', 'events', 'seconds', 'events/s', 'requests', 'p50 ms', 'p99 ms', 'failures'];
  const lines = rows.map((m) => [
    m.label,
    fmt(m.events),
    fmt(m.seconds, 1),
    fmt(eventsPerSecond(m)),
    fmt(m.requests),
    fmt(m.p50, 1),
    fmt(m.p99, 1),
    m.failures + (m.note ? `; ${m.note}` : ''),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out: string[] = [];
  out.push('');
  out.push(
    `Ingestion benchmark — ${new Date().toISOString()}, node ${process.version}, ${cpus().length} CPUs; one comparison.recorded event ≈ ${Buffer.byteLength(clientTemplate())} bytes of JSON`,
  );
  out.push('');
  out.push(row(header));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) out.push(row(l));
  out.push('');
  const singleRatio = eventsPerSecond(singleMax) / eventsPerSecond(rawSingle);
  const batchRatio = eventsPerSecond(batch) / eventsPerSecond(rawBatch);
  out.push(
    `ratio single: api ${fmt(eventsPerSecond(singleMax))} events/s ÷ raw ${fmt(eventsPerSecond(rawSingle))} events/s = ${fmt(singleRatio, 2)}`,
  );
  out.push(
    `ratio batch:  api ${fmt(eventsPerSecond(batch))} events/s ÷ raw ${fmt(eventsPerSecond(rawBatch))} events/s = ${fmt(batchRatio, 2)}`,
  );
  out.push(
    `stored: the api answered ${fmt(stored.expected)} events accepted; the topic grew by ${fmt(stored.found)} (raw baseline excluded; requests in flight when a phase ended are stored but not counted)`,
  );
  out.push('');
  out.push('targets (issue):');
  out.push(
    `  batch ingestion ≥ ${TARGET_BATCH_RATIO * 100} % of the raw producer's events/s: ${fmt(batchRatio * 100, 1)} % → ${batchRatio >= TARGET_BATCH_RATIO ? 'PASS' : 'MISS'}`,
  );
  out.push(
    `  single events ≥ ${TARGET_SINGLE_RATIO * 100} % of the raw single sends' events/s: ${fmt(singleRatio * 100, 1)} % → ${singleRatio >= TARGET_SINGLE_RATIO ? 'PASS' : 'MISS'}`,
  );
  const rateOk = singleRate.requests / singleRate.seconds >= RATE * 0.95;
  out.push(
    `  single-event p99 < ${TARGET_SINGLE_P99_MS} ms at ${fmt(RATE)} requests/s: p99 ${fmt(singleRate.p99, 1)} ms at ${fmt(singleRate.requests / singleRate.seconds)} requests/s → ` +
      `${singleRate.p99 < TARGET_SINGLE_P99_MS && rateOk ? 'PASS' : 'MISS'}${rateOk ? '' : ' (the rate was not reached)'}`,
  );
  out.push(
    `  (for comparison with earlier runs: p99 ${fmt(singleBursts.p99, 1)} ms when autocannon sends the ${fmt(RATE)} requests of each second as a burst of ${CONNECTIONS} concurrent ones)`,
  );
  out.push('(a MISS does not fail this command: timings on a shared machine are noisy)');
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_TOPIC_PREFIX: `bench-${runId}.`,
    DATABASE_SCHEMA: `bench_${runId}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    API_PORT: String(port),
    // The benchmark measures ingestion, not the rate limiter.
    API_RATE_LIMIT_PER_MINUTE: String(1_000_000_000),
    // A key-encryption key of the run's own, as `npm start` makes one on a new platform.
    HINDSIGHT_KEK: '',
    HINDSIGHT_KEK_FILE: join(tmpdir(), `hindsight-bench-${runId}-kek.json`),
  };
  writeKeyRingFile(env.HINDSIGHT_KEK_FILE as string, newKeyRingFile(generateKeyEncryptionKey(), new Date()));
  const config = loadPlatformConfig(env);
  say(
    `run ${runId}: topics ${config.kafka.topicPrefix}*, schema ${config.database.schema}; ~${Math.round(WARMUP + 3 * DURATION + 2 * DURATION)} s at most`,
  );
  const startedBroker = (await stackUp(config, say)).started === 'java';
  let running: RunningService | undefined;
  const interrupted = () => {
    say('interrupted; cleaning up');
    void (async () => {
      await running?.app.close().catch(() => undefined);
      await cleanUp(config, startedBroker, env.HINDSIGHT_KEK_FILE as string).catch(() => undefined);
      process.exit(130);
    })();
  };
  process.once('SIGINT', interrupted);
  try {
    running = await startService(apiService, env);
    const tenant = `bench-${runId}`;
    // Keys are api-key.created events first, as `hindsight keys create` makes them.
    const keyWriter = publishingKeyWriter(running.app.get(EventPublisher, { strict: false }), config.kafka.topicPrefix);
    const { key } = await new ApiKeys(new ApiKeyRepository(running.context.dataSource), keyWriter).issue({
      tenant,
      scopes: ['ingest'],
      name: 'benchmark',
      rateLimitPerMinute: 1_000_000_000,
    });
    say(`api at ${running.url}, tenant ${tenant}`);
    await smokeTest(running.url, key);

    await cannon(running.url, key, 'warm-up', {
      path: '/v1/events',
      batchSize: 0,
      connections: CONNECTIONS,
      seconds: WARMUP,
    });
    const warm = await topicEndOffsets(config);
    const singleMax = fromCannon(
      'api single, max rate',
      await cannon(running.url, key, 'api single, max rate', {
        path: '/v1/events',
        batchSize: 0,
        connections: CONNECTIONS,
        seconds: DURATION,
      }),
      1,
    );
    const singleRate = await paced(running.url, key, `api single, ${RATE}/s paced`, {
      path: '/v1/events',
      connections: CONNECTIONS,
      seconds: DURATION,
      rate: RATE,
    });
    const singleBursts = fromCannon(
      `api single, ${RATE}/s in bursts`,
      await cannon(running.url, key, `api single, ${RATE}/s in bursts (autocannon overallRate)`, {
        path: '/v1/events',
        batchSize: 0,
        connections: CONNECTIONS,
        seconds: DURATION,
        rate: RATE,
      }),
      1,
    );
    const batch = fromCannon(
      `api batch of ${BATCH_SIZE}`,
      await cannon(running.url, key, `api batch of ${BATCH_SIZE}`, {
        path: '/v1/events/batch',
        batchSize: BATCH_SIZE,
        connections: BATCH_CONNECTIONS,
        seconds: DURATION,
      }),
      BATCH_SIZE,
    );
    const after = await topicEndOffsets(config);

    const rawSingle = await rawProducer(config, tenant, 'raw single sends', {
      events: singleMax.events,
      perSend: 1,
      concurrency: CONNECTIONS,
      capSeconds: DURATION,
    });
    const rawBatch = await rawProducer(config, tenant, `raw sends of ${BATCH_SIZE}`, {
      events: batch.events,
      perSend: BATCH_SIZE,
      concurrency: BATCH_CONNECTIONS,
      capSeconds: DURATION,
    });

    report(
      [singleMax, singleRate, singleBursts, batch, rawSingle, rawBatch],
      singleMax,
      singleRate,
      singleBursts,
      batch,
      rawSingle,
      rawBatch,
      {
        expected: singleMax.events + singleRate.events + singleBursts.events + batch.events,
        found: after - warm,
      },
    );
  } finally {
    process.removeListener('SIGINT', interrupted);
    await running?.app.close();
    await cleanUp(config, startedBroker, env.HINDSIGHT_KEK_FILE as string);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:ingest failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
