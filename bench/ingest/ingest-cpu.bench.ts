/**
 * Ingestion CPU benchmark: processor time per event of the api's batch path against a raw kafkajs
 * producer sending the same number of events to the same topic, same process, same run.
 *
 *   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/ingest/ingest-cpu.bench.ts
 *   options: --batches 80    batches of --batch-size per round (two rounds; the second is reported)
 *            --batch-size 100
 *            --concurrency 8  batches in flight at once (api and raw alike)
 *            --profile <path> write V8 CPU profiles of the measured (second) round only:
 *                             <path>-api.cpuprofile and <path>-raw.cpuprofile (summarise them with
 *                             bench/ingest/profile-summary.ts)
 *            --heap-profile <path> write sampled allocation profiles of the measured round instead:
 *                             <path>-api.heapprofile and <path>-raw.heapprofile, counting what the
 *                             scavenges collected too (summarise with bench/ingest/heap-summary.ts)
 *
 * Why a second ingestion benchmark: bench/ingest measures events/s over loopback, where on two cores
 * the api, autocannon, the broker and PostgreSQL compete for the same CPUs, so its ratio says as much
 * about the machine's other work as about the api. This one asks what each event costs the api's own
 * process: `POST /v1/events/batch` through Fastify's `inject` (routing, JSON parsing, auth, rate
 * limit, validation, sealing, idempotency claims in PostgreSQL, the Kafka publish with acks -1 and
 * its acknowledgement), measured with `process.cpuUsage()` (user + system) around a round of
 * batches, divided by the events. The baseline is a raw kafkajs producer (idempotent, acks -1) in
 * the same process sending the same number of events (the client's JSON of each event) to the same
 * topic with the same concurrency. The socket work of a real HTTP server is not counted.
 *
 * The issue's batch target (api ≥ 0.5× the raw producer's events/s) needs, on a CPU-bound machine,
 * the api to spend at most about 2× the raw producer's CPU per event: that line is printed as a
 * PASS/MISS guide, never as an exit code.
 */
import { randomUUID } from 'node:crypto';
import { exampleEventInputs, topicName, topicOf } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { startApiUnderTest } from '@hindsight/test-support';
import { apiService } from '@hindsight/api-service';
import {
  fmt,
  machineLine,
  numberOption,
  textOption,
  profiled,
  table,
  withBenchRun,
  type BenchRun,
} from '../projector/bench-support';
import { declareBenchArgs } from '../bench-args';

declareBenchArgs(
  'bench:ingest-cpu',
  "the api's CPU per event on the batch path against a raw kafkajs producer's (issue #17)",
  {
    batches: { value: 'N', help: 'batches of --batch-size per round (two rounds; the second is reported; default 80)' },
    'batch-size': { value: 'N', help: 'events per batch (default 100)' },
    concurrency: { value: 'N', help: 'batches in flight at once, api and raw alike (default 8)' },
    profile: {
      value: 'path',
      help: 'V8 CPU profiles of the measured round: <path>-api.cpuprofile and <path>-raw.cpuprofile',
    },
    'heap-profile': {
      value: 'path',
      help: 'sampled allocation profiles of the measured round instead (<path>-api/-raw.heapprofile)',
    },
  },
);
const BATCHES = numberOption('batches', 80);
const BATCH_SIZE = numberOption('batch-size', 100);
const CONCURRENCY = numberOption('concurrency', 8);
const TYPE = 'comparison.recorded' as const;
const PROFILE = textOption('profile');
const HEAP_PROFILE = textOption('heap-profile');
/** The issue's target: the api's CPU per event at most this many times the raw producer's. */
const TARGET_CPU_RATIO = 2;

/**
 * The example comparison as a client sends it, without a queue assignment, with a fresh idempotency key each
 * time, about task `task-<i>`: a batch covers 100 tasks, so its events spread over the partitions (the task is
 * the partition key) as the raw producer's messages do, keyed by the same task.
 */
function clientEvent(i: number): Record<string, unknown> {
  const event = structuredClone(exampleEventInputs[TYPE]) as unknown as Record<string, unknown>;
  const data = event.data as Record<string, unknown>;
  delete event.occurredAt;
  delete data.assignmentId;
  delete data.queueId;
  data.taskId = `task-${i % 100}`;
  event.idempotencyKey = `cpu-${randomUUID()}`;
  return event;
}

const cpuMicros = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

interface Round {
  readonly microsPerEvent: number;
  readonly eventsPerSecond: number;
}

/** Runs `send` BATCHES times with CONCURRENCY in flight; bodies are built before the clock starts. */
async function measure<T>(prepare: () => T, send: (prepared: T) => Promise<void>): Promise<Round> {
  const prepared = Array.from({ length: BATCHES }, prepare);
  let next = 0;
  const wall = performance.now();
  const cpu = cpuMicros();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < prepared.length) await send(prepared[next++]);
    }),
  );
  const events = BATCHES * BATCH_SIZE;
  return {
    microsPerEvent: (cpuMicros() - cpu) / events,
    eventsPerSecond: events / ((performance.now() - wall) / 1000),
  };
}

async function main(run: BenchRun): Promise<void> {
  const { config, say } = run;
  const api = await startApiUnderTest(apiService, run.env as Record<string, string>);
  const producer = createKafka({
    brokers: config.kafka.brokers,
    clientId: `${config.kafka.clientId}-bench-cpu`,
  }).producer({ idempotent: true, maxInFlightRequests: 1 });
  try {
    const { key } = await api.issueKey({ scopes: ['ingest'] });
    const fastify = api.running.app.getHttpAdapter().getInstance();
    const topic = topicName(config.kafka.topicPrefix, topicOf(TYPE));
    await producer.connect();
    const apiBatch = () => JSON.stringify({ events: Array.from({ length: BATCH_SIZE }, (_, i) => clientEvent(i)) });
    const postBatch = async (payload: string) => {
      const response = await fastify.inject({
        method: 'POST',
        url: '/v1/events/batch',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        payload,
      });
      if (response.statusCode !== 202)
        throw new Error(`POST /v1/events/batch answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    };
    const rawBatch = () =>
      Array.from({ length: BATCH_SIZE }, (_, i) => ({ key: `task-${i % 100}`, value: JSON.stringify(clientEvent(i)) }));
    const sendRaw = async (messages: { key: string; value: string }[]) => {
      await producer.send({ topic, acks: -1, messages });
    };
    const rounds: { api: Round; raw: Round }[] = [];
    for (let round = 1; round <= 2; round++) {
      say(
        `round ${round}/2 (the first warms up): ${fmt(BATCHES)} batches of ${fmt(BATCH_SIZE)}, ${CONCURRENCY} in flight`,
      );
      const profile = round === 2 ? PROFILE : undefined;
      const heap = round === 2 ? HEAP_PROFILE : undefined;
      const file = (side: string) =>
        heap ? `${heap}-${side}.heapprofile` : profile && `${profile}-${side}.cpuprofile`;
      const apiRound = await profiled(file('api'), () => measure(apiBatch, postBatch), heap !== undefined);
      const rawRound = await profiled(file('raw'), () => measure(rawBatch, sendRaw), heap !== undefined);
      rounds.push({ api: apiRound, raw: rawRound });
    }
    const { api: a, raw: r } = rounds[1];
    const ratio = a.microsPerEvent / r.microsPerEvent;
    const out = [
      '',
      machineLine('Ingestion CPU benchmark'),
      `${fmt(BATCHES * BATCH_SIZE)} ${TYPE} events per round in batches of ${fmt(BATCH_SIZE)}, ${CONCURRENCY} in flight; second round shown (first: api ${fmt(rounds[0].api.microsPerEvent)} µs, raw ${fmt(rounds[0].raw.microsPerEvent)} µs)`,
      '',
      table(
        ['path', 'CPU µs/event', 'events/s (in-process)'],
        [
          ['api batch path (Fastify inject → Kafka ack)', fmt(a.microsPerEvent), fmt(a.eventsPerSecond)],
          ['raw kafkajs producer (idempotent, acks -1)', fmt(r.microsPerEvent), fmt(r.eventsPerSecond)],
        ],
      ),
      '',
      `ratio: the api spends ${fmt(ratio, 1)}× the raw producer's CPU per event`,
      `target (issue #17): api CPU per event ≤ ${TARGET_CPU_RATIO}× the raw producer's: ${fmt(ratio, 2)}× → ${ratio <= TARGET_CPU_RATIO ? 'PASS' : 'MISS'}`,
      '(a MISS does not fail this command)',
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await producer.disconnect();
    await api.close();
  }
}

void withBenchRun('ingest-cpu', main);
