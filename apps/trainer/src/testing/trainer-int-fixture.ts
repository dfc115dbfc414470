import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiService } from '@hindsight/api-service';
import { projectorService } from '@hindsight/projector-service';
import { HindsightClient, type EventToSend } from '@hindsight/client';
import { loadPlatformConfig } from '@hindsight/config';
import { formatUuidV7, topicName, TOPICS } from '@hindsight/contracts';
import { createKafka, EventPublisher, type Kafka } from '@hindsight/kafka';
import { startService, type RunningService } from '@hindsight/runtime';
import { retrainMessage, retrainRequestedEvent, type RetrainRequestSpec } from '@hindsight/scheduling';
import {
  ModelRegistryRepository,
  RetrainPolicyRepository,
  TrainerRunRepository,
  type TrainerRunRow,
} from '@hindsight/store';
import {
  endOffsetTotal,
  freePort,
  readTopicUntil,
  startApiUnderTest,
  waitFor,
  type ApiUnderTest,
} from '@hindsight/test-support';
import { loadTrainerSettings } from '../trainer-settings';
import { trainerService } from '../trainer-service';

/*
 * The platform a trainer int spec runs against, in this process: the api, the
 * projector and (at once, or when the spec says) the trainer, on topics of the
 * spec's own (the run's prefix + "<name>."), so no other spec's requests reach
 * its trainer and its events reach no other spec. Registers its own beforeAll
 * and afterAll; the fields below are set once the beforeAll has run.
 */

/** A UUIDv7 for ids the spec chooses (runs, events, policies). */
export const newId = () => formatUuidV7(Date.now(), randomBytes(10));

/** What a spec chooses of a `retrain.requested`; the fixture fills the ids (and `retrain:test:<run id>` as key). */
export type RetrainRequestFields = Omit<RetrainRequestSpec, 'eventId' | 'runId' | 'idempotencyKey'> & {
  readonly runId?: string;
  readonly idempotencyKey?: string;
};

/** An event on the retraining topic, as the spec reads it back. */
export interface RetrainingTopicEvent {
  readonly id: string;
  readonly tenant: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** A service the platform needs but does not run (an S3 server): its variables go to the projector and the trainer. */
export interface ServiceBeside {
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

export interface TrainerIntOptions {
  /** The spec's own name: its topic prefix, projector group, Kafka client and temporary folder carry it. */
  readonly name: string;
  /** Settings of the spec's own (fewer iterations, a gate relaxed). */
  readonly env?: Readonly<Record<string, string>>;
  /** Where the trainer writes; a fresh temporary folder, removed afterwards, unless given. */
  readonly artifactsDir?: string;
  /** Started alongside the api and stopped last. */
  readonly beside?: () => Promise<ServiceBeside>;
  /** `with-platform` (default) starts the trainer in the beforeAll; `by-spec` leaves it to `startTrainer()`. */
  readonly trainer?: 'with-platform' | 'by-spec';
}

export interface TrainerIntFixture {
  readonly prefix: string;
  readonly artifacts: string;
  readonly kafka: Kafka;
  readonly retrainingTopic: string;
  /** The services' variables (with those of the service beside, once started). */
  readonly env: Record<string, string>;
  readonly api: ApiUnderTest;
  readonly projector: RunningService;
  /** The running trainer, if any. */
  readonly trainer: RunningService | undefined;
  readonly publisher: EventPublisher;
  readonly runs: TrainerRunRepository;
  readonly models: ModelRegistryRepository;
  readonly policies: RetrainPolicyRepository;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Starts a trainer on the spec's topics and settings. */
  startTrainer(): Promise<RunningService>;
  stopTrainer(): Promise<void>;
  /** How many events of `type` the tenant has in the event store. */
  countEvents(tenant: string, type: string): Promise<number>;
  /**
   * Sends `events` through the api under a fresh ingest key (none refused), then waits until the tenant has
   * `count` events of `type` in the event store (default: as many comparisons as were sent).
   */
  sendAndProject(tenant: string, events: EventToSend[], type?: string, count?: number): Promise<void>;
  /** Publishes a `retrain.requested` on the spec's retraining topic; returns its run id. */
  requestRetrain(fields: RetrainRequestFields): Promise<string>;
  /** The run once completed or failed. */
  finished(tenant: string, runId: string, timeoutMs?: number): Promise<TrainerRunRow>;
  /** Every event on the retraining topic, read to its end. */
  retrainingEvents(): Promise<RetrainingTopicEvent[]>;
}

export function trainerIntFixture(options: TrainerIntOptions): TrainerIntFixture {
  const base = loadPlatformConfig();
  const prefix = `${base.kafka.topicPrefix}${options.name}.`;
  const artifacts = options.artifactsDir ?? mkdtempSync(join(tmpdir(), `hindsight-${options.name}-`));
  const kafka = createKafka({ brokers: base.kafka.brokers, clientId: `${options.name}-test` });
  const retrainingTopic = topicName(prefix, TOPICS.retraining);
  const env: Record<string, string> = {
    KAFKA_TOPIC_PREFIX: prefix,
    PROJECTOR_GROUP_ID: `${base.kafka.projectorGroupId}-${options.name}`,
    TRAINER_GROUP_ID: `${prefix}trainer`,
    ARTIFACTS_DIR: artifacts,
    TRAINER_POLL_MS: '200',
    ...options.env,
  };
  let beside: ServiceBeside | undefined;
  let api: ApiUnderTest;
  let projector: RunningService;
  let trainer: RunningService | undefined;
  let publisher: EventPublisher;
  let runs: TrainerRunRepository;
  let models: ModelRegistryRepository;
  let policies: RetrainPolicyRepository;

  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    projector.context.dataSource.query(sql, params);
  const countEvents = async (tenant: string, type: string) =>
    Number(
      (
        await query<{ n: string }>('SELECT count(*) AS n FROM events WHERE tenant = $1 AND type = $2', [tenant, type])
      )[0].n,
    );

  const fixture: TrainerIntFixture = {
    prefix,
    artifacts,
    kafka,
    retrainingTopic,
    env,
    get api() {
      return api;
    },
    get projector() {
      return projector;
    },
    get trainer() {
      return trainer;
    },
    get publisher() {
      return publisher;
    },
    get runs() {
      return runs;
    },
    get models() {
      return models;
    },
    get policies() {
      return policies;
    },
    query,
    countEvents,
    async startTrainer() {
      const trainerEnv = { ...process.env, ...env };
      trainer = await startService(trainerService({ settings: loadTrainerSettings(trainerEnv) }), {
        ...trainerEnv,
        TRAINER_PORT: String(await freePort()),
      });
      return trainer;
    },
    async stopTrainer() {
      await trainer?.app.close();
      trainer = undefined;
    },
    async sendAndProject(tenant, events, type = 'comparison.recorded', count = events.length) {
      const { key } = await api.issueKey({ tenant, scopes: ['ingest'] });
      const result = await new HindsightClient({ baseUrl: api.url, apiKey: key, batchSize: 500 }).sendBatch(events);
      expect(result.rejected).toBe(0);
      await waitFor(
        () => countEvents(tenant, type),
        (n) => n === count,
        120_000,
        `${count} ${type} projected`,
      );
    },
    async requestRetrain(fields) {
      const runId = fields.runId ?? newId();
      const event = retrainRequestedEvent({
        ...fields,
        eventId: newId(),
        runId,
        idempotencyKey: fields.idempotencyKey ?? `retrain:test:${runId}`,
      });
      await publisher.publish([retrainMessage(JSON.stringify(event), prefix)]);
      return runId;
    },
    finished: (tenant, runId, timeoutMs = 180_000) =>
      waitFor(
        () => runs.find({ tenant, runId }),
        (r): r is TrainerRunRow => r?.state === 'completed' || r?.state === 'failed',
        timeoutMs,
        `run ${runId} of ${tenant} to finish`,
      ) as Promise<TrainerRunRow>,
    async retrainingEvents() {
      const total = await endOffsetTotal(kafka, retrainingTopic);
      const messages = await readTopicUntil(kafka, retrainingTopic, (ms) => ms.length >= total, 30_000);
      return messages.map((m) => JSON.parse(m.value) as RetrainingTopicEvent);
    },
  };

  // Up to four services on two shared cores (an S3 server's Spring Boot start alone takes 10-40 s).
  beforeAll(async () => {
    // The api needs none of the service beside's variables, so the two start at once.
    [beside, api] = await Promise.all([options.beside?.(), startApiUnderTest(apiService, { ...env })]);
    Object.assign(env, { ...beside?.env, ...env });
    projector = await startService(projectorService, {
      ...process.env,
      ...env,
      PROJECTOR_PORT: String(await freePort()),
    });
    publisher = new EventPublisher(kafka, { lingerMs: 1, maxBatchMessages: 10, ackTimeoutMs: 10_000 });
    runs = new TrainerRunRepository(projector.context.dataSource);
    models = new ModelRegistryRepository(projector.context.dataSource);
    policies = new RetrainPolicyRepository(projector.context.dataSource);
    if (options.trainer !== 'by-spec') await fixture.startTrainer();
  }, 240_000);

  afterAll(async () => {
    await fixture.stopTrainer();
    await publisher?.close();
    await projector?.app.close();
    await api?.close();
    await beside?.stop();
    if (options.artifactsDir === undefined) rmSync(artifacts, { recursive: true, force: true });
  });

  return fixture;
}
