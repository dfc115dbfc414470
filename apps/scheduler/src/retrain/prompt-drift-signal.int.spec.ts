import { randomBytes, randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import { formatUuidV7, parseEvent, topicName, TOPICS, type DriftMeasuredData } from '@hindsight/contracts';
import { createKafka, EventPublisher } from '@hindsight/kafka';
import { mulberry32, type Random } from '@hindsight/reward-model';
import { createLogger } from '@hindsight/runtime';
import { UnavailableComparisonCounter, type RetrainPolicy } from '@hindsight/scheduling';
import { planProjection } from '@hindsight/projections';
import {
  createDataSource,
  DriftMeasurementRepository,
  ProjectionStore,
  PromptDriftSourceRepository,
  runMigrations,
  RetrainPolicyRepository,
  RetrainRequestRepository,
  type RetrainPolicyRow,
} from '@hindsight/store';
import { endOffsetTotal, readTopicUntil, runCli, uniqueTenant } from '@hindsight/test-support';
import type { DataSource } from '@hindsight/store';
import { ManualClock } from '@hindsight/contracts';
import { PromptDriftSignal } from './prompt-drift-signal';
import { RetrainScheduler } from './retrain-scheduler';

/*
 * The drift trigger against the real database and broker. Comparisons and
 * interactions are written straight into the projector's read models (the rows
 * the projector writes for `comparison.recorded` and `interaction.logged`), in
 * 2005, years away from what other test files record.
 */

const config = loadPlatformConfig();
const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'drift-test' });
const retrainingTopic = topicName(config.kafka.topicPrefix, TOPICS.retraining);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const COOKING = [
  'how',
  'do',
  'i',
  'bake',
  'bread',
  'sourdough',
  'oven',
  'flour',
  'yeast',
  'knead',
  'dough',
  'crust',
  'rise',
  'proof',
  'starter',
  'temperature',
  'recipe',
  'butter',
  'salt',
  'water',
];
const TAXES = [
  'how',
  'do',
  'i',
  'file',
  'taxes',
  'deduction',
  'refund',
  'invoice',
  'vat',
  'audit',
  'income',
  'return',
  'deadline',
  'receipt',
  'accountant',
  'form',
  'penalty',
  'payroll',
  'expense',
  'claim',
];

/** `n` prompts of 5–12 words drawn from `vocabulary`. */
function prompts(vocabulary: readonly string[], n: number, random: Random): string[] {
  return Array.from(
    { length: n },
    () =>
      Array.from(
        { length: 5 + Math.floor(random() * 8) },
        () => vocabulary[Math.floor(random() * vocabulary.length)],
      ).join(' ') + '?',
  );
}

let dataSource: DataSource;

interface ComparisonSpec {
  readonly prompt: string;
  readonly recordedAt: Date;
  readonly objective?: string;
  readonly retractedAt?: Date;
}

/** Rows as the projector writes them for `comparison.recorded` (and `annotation.retracted`). */
async function insertComparisons(tenant: string, specs: readonly ComparisonSpec[]): Promise<void> {
  const rows = specs.map((s) => ({
    id: randomUUID(),
    task: `task-${randomBytes(4).toString('hex')}`,
    objective: s.objective ?? 'helpfulness',
    prompt: s.prompt,
    recorded_at: s.recordedAt.toISOString(),
    retracted_at: s.retractedAt?.toISOString() ?? null,
  }));
  await dataSource.query(
    `INSERT INTO comparisons (annotation_id, tenant, task_id, task_type, objective, rater_id, prompt, responses, shown_order, choice, strength,
       guideline_version, interface_version, dwell_time_ms, locale, occurred_at, recorded_at, retracted_at)
     SELECT r.id, $1, r.task, 'pairwise', r.objective, 'rater-1', r.prompt,
       '[{"id":"a","text":"Answer A","modelVersion":"m1"},{"id":"b","text":"Answer B","modelVersion":"m2"}]'::jsonb, '["a","b"]'::jsonb,
       '{"kind":"preferred","responseId":"a"}'::jsonb, 2, 'g1', NULL, 4000, 'en-US', r.recorded_at, r.recorded_at, r.retracted_at
     FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, task text, objective text, prompt text, recorded_at timestamptz, retracted_at timestamptz)`,
    [tenant, JSON.stringify(rows)],
  );
}

/** Rows as the projector writes them for `interaction.logged`; a null prompt is an interaction logged without one. */
async function insertInteractions(
  tenant: string,
  specs: readonly { prompt: string | null; recordedAt: Date; objective?: string; surface?: string; locale?: string }[],
): Promise<void> {
  const rows = specs.map((s) => ({
    id: `i-${randomUUID()}`,
    prompt: s.prompt,
    recorded_at: s.recordedAt.toISOString(),
    objective: s.objective ?? null,
    surface: s.surface ?? null,
    locale: s.locale ?? null,
  }));
  await dataSource.query(
    `INSERT INTO interactions (tenant, interaction_id, prompt, response, model_version, user_id, objective, surface, locale, occurred_at, recorded_at)
     SELECT $1, r.id, r.prompt, 'An answer.', 'm1', 'user-1', r.objective, r.surface, r.locale, r.recorded_at, r.recorded_at
     FROM jsonb_to_recordset($2::jsonb) AS r(id text, prompt text, objective text, surface text, locale text, recorded_at timestamptz)`,
    [tenant, JSON.stringify(rows)],
  );
}

/** `n` instants one minute apart, starting `offsetMs` from `at`. */
const minutes = (at: Date, n: number, offsetMs = 0) =>
  Array.from({ length: n }, (_, i) => new Date(at.getTime() + offsetMs + i * MINUTE));

/**
 * A tenant whose models were trained on 200 cooking prompts before `since`,
 * with what the read models also hold that must not count: newer comparisons,
 * another objective's, retracted ones and interactions from before `since`, all
 * on taxes, so that counting any of them would show as drift.
 */
async function trainedTenant(since: Date, random: Random): Promise<string> {
  const tenant = uniqueTenant('drift');
  const before = minutes(since, 200, -300 * MINUTE);
  await insertComparisons(tenant, [
    ...prompts(COOKING, 200, random).map((prompt, i) => ({ prompt, recordedAt: before[i] })),
    ...prompts(TAXES, 100, random).map((prompt, i) => ({
      prompt,
      recordedAt: new Date(since.getTime() + (i + 1) * MINUTE),
    })),
    ...prompts(TAXES, 100, random).map((prompt, i) => ({ prompt, recordedAt: before[i], objective: 'harmlessness' })),
    ...prompts(TAXES, 100, random).map((prompt, i) => ({ prompt, recordedAt: before[i], retractedAt: since })),
  ]);
  await insertInteractions(
    tenant,
    prompts(TAXES, 100, random).map((prompt, i) => ({ prompt, recordedAt: before[i] })),
  );
  return tenant;
}

/** `n` deployment interactions on `vocabulary` recorded after `since`, plus some logged without a prompt. */
async function deploy(
  tenant: string,
  since: Date,
  vocabulary: readonly string[],
  n: number,
  random: Random,
  offsetMs = MINUTE,
): Promise<void> {
  const after = minutes(since, n, offsetMs);
  await insertInteractions(tenant, [
    ...prompts(vocabulary, n, random).map((prompt, i) => ({ prompt, recordedAt: after[i] })),
    ...after.slice(0, 10).map((recordedAt) => ({ prompt: null, recordedAt })),
  ]);
}

beforeAll(async () => {
  dataSource = createDataSource(config.database, { applicationName: 'drift-test', poolSize: 4 });
  await dataSource.initialize();
});

afterAll(async () => {
  await dataSource.destroy();
});

describe('PromptDriftSignal on the read models', () => {
  const since = new Date('2005-01-10T00:00:00Z');

  it('is not known below 50 deployment prompts, low for the same topic and high for a new one', async () => {
    const random = mulberry32(2005);
    const measured = new PromptDriftSignal(new PromptDriftSourceRepository(dataSource));
    const now = new Date(since.getTime() + 10 * DAY);
    // The word drift of the objective's whole traffic, undefined when not known.
    const signal = {
      driftOf: async (tenant: string, objectives: string[], at: Date) =>
        (await measured.readingsOf(tenant, objectives, at, now)).find((r) => r.surface === null)?.words,
    };
    const steady = await trainedTenant(since, random);
    const drifting = await trainedTenant(since, random);

    expect(await signal.driftOf(steady, ['helpfulness'], since)).toBeUndefined();
    await deploy(steady, since, COOKING, 49, random);
    expect(await signal.driftOf(steady, ['helpfulness'], since)).toBeUndefined();
    await deploy(steady, since, COOKING, 1, random, 60 * MINUTE);
    const sameTopic = await signal.driftOf(steady, ['helpfulness'], since);
    // Nothing recorded at or before `since` for the objective: the trained side is not known either.
    expect(await signal.driftOf(steady, ['conciseness'], since)).toBeUndefined();

    await deploy(drifting, since, TAXES, 200, random);
    const newTopic = await signal.driftOf(drifting, ['helpfulness'], since);

    expect(sameTopic).toBeGreaterThan(0);
    expect(sameTopic).toBeLessThan(0.1);
    expect(newTopic).toBeGreaterThan(0.7);
  });
});

describe('the scheduler with a drift threshold', () => {
  const alwaysLeader = { tryAcquire: async () => true, release: async () => undefined };
  let policies: RetrainPolicyRepository;
  let requests: RetrainRequestRepository;

  beforeAll(() => {
    policies = new RetrainPolicyRepository(dataSource);
    requests = new RetrainRequestRepository(dataSource);
  });

  /**
   * Stored paused, so that the schedulers other test files run against this
   * schema leave it alone; this test hands it to its own scheduler as active.
   */
  async function driftPolicy(tenant: string, activeSince: Date): Promise<RetrainPolicy> {
    const row: RetrainPolicyRow = {
      id: formatUuidV7(Date.now(), randomBytes(10)),
      tenant,
      name: 'drift-watch',
      cadence: 'quarterly',
      timezone: 'UTC',
      objectives: ['helpfulness'],
      recipe: { id: 'default', version: 1 },
      catchUp: 'latest-only',
      minNewComparisons: null,
      driftThreshold: 0.3,
      status: 'paused',
      createdAt: activeSince,
      pausedAt: activeSince,
      activeSince,
    };
    const stored = await policies.insert(row);
    if (!stored) throw new Error('policy not stored');
    return { ...stored, status: 'active' } as RetrainPolicy;
  }

  it('requests one drift retrain when deployment prompts drift, and none when they do not', async () => {
    // Quarterly from 2005-01-10: the next clock fire is 2005-04-01, far from the clock's 2005-01-20.
    const since = new Date('2005-01-10T00:00:00Z');
    const clock = new ManualClock(new Date(since.getTime() + 10 * DAY));
    const random = mulberry32(7);
    const [steadyTenant, driftingTenant] = [await trainedTenant(since, random), await trainedTenant(since, random)];
    await deploy(steadyTenant, since, COOKING, 200, random);
    await deploy(driftingTenant, since, TAXES, 200, random);
    const steady = await driftPolicy(steadyTenant, since);
    const drifting = await driftPolicy(driftingTenant, since);
    const publisher = new EventPublisher(kafka, { lingerMs: 1, maxBatchMessages: 100, ackTimeoutMs: 10_000 });
    const scheduler = new RetrainScheduler({
      policies: { listActive: async () => [steady, drifting] },
      requests,
      leadership: alwaysLeader,
      publisher,
      clock,
      comparisons: new UnavailableComparisonCounter(),
      drift: new PromptDriftSignal(new PromptDriftSourceRepository(dataSource)),
      topicPrefix: config.kafka.topicPrefix,
      logger: createLogger('drift-test', 'silent'),
    });
    try {
      expect((await scheduler.tick()).fired).toBe(1);
      // The next ticks measure from the new run's asOf: no deployment prompt since, so drift is not known.
      clock.advance(MINUTE);
      expect((await scheduler.tick()).fired).toBe(0);
      await deploy(driftingTenant, clock.now(), TAXES, 10, random);
      clock.advance(DAY);
      expect((await scheduler.tick()).fired).toBe(0);

      expect(await requests.listByPolicy(steady.id)).toEqual([]);
      const rows = await requests.listByPolicy(drifting.id);
      expect(rows.map((r) => [r.reason, r.period, r.asOf.toISOString(), r.publishedAt !== null])).toEqual([
        ['drift', 'drift:after:start', new Date(since.getTime() + 10 * DAY).toISOString(), true],
      ]);

      const total = await endOffsetTotal(kafka, retrainingTopic);
      const events = (await readTopicUntil(kafka, retrainingTopic, (ms) => ms.length >= total))
        .map(
          (m) =>
            JSON.parse(m.value) as {
              type: string;
              data: { runId: string; period?: string; trigger: { kind: string; policyId?: string; reason?: string } };
            },
        )
        .filter((e) => e.type === 'retrain.requested' && e.data.trigger.kind === 'policy');
      const of = (policyId: string) =>
        events
          .filter((e) => e.data.trigger.policyId === policyId)
          .map((e) => [e.data.trigger.reason, e.data.period, e.data.runId]);
      expect(of(drifting.id)).toEqual([['drift', 'drift:after:start', rows[0].runId]]);
      expect(of(steady.id)).toEqual([]);

      // Each reading is recorded as drift.measured (#13): the drifting policy's with the run it fired, the steady one's
      // without; the later ticks, with too few prompts since the new baseline to know, record nothing.
      const readings = (await readTopicUntil(kafka, retrainingTopic, (ms) => ms.length >= total))
        .map(
          (m) =>
            JSON.parse(m.value) as {
              type: string;
              tenant: string;
              source: string;
              data: { policyId: string; value: number; threshold: number; runId?: string; since: string };
            },
        )
        .filter(
          (e) => e.type === 'drift.measured' && (e.data.policyId === drifting.id || e.data.policyId === steady.id),
        );
      expect(
        readings.map((e) => [
          e.data.policyId,
          e.tenant,
          e.source,
          e.data.threshold,
          e.data.since,
          e.data.runId ?? null,
        ]),
      ).toEqual(
        expect.arrayContaining([
          [drifting.id, driftingTenant, 'scheduler', 0.3, since.toISOString(), rows[0].runId],
          [steady.id, steadyTenant, 'scheduler', 0.3, since.toISOString(), null],
        ]),
      );
      expect(readings).toHaveLength(2);
      expect(readings.find((e) => e.data.policyId === drifting.id)?.data.value).toBeGreaterThanOrEqual(0.3);
      expect(readings.find((e) => e.data.policyId === steady.id)?.data.value).toBeLessThan(0.3);
    } finally {
      await publisher.close();
      await policies.delete(steady.tenant, steady.id, clock.now());
      await policies.delete(drifting.tenant, drifting.id, clock.now());
    }
  });
});

describe('drift per objective and surface', () => {
  const alwaysLeader = { tryAcquire: async () => true, release: async () => undefined };

  /** A policy on `objectives` with a drift threshold of 0.3, stored paused so other files' schedulers leave it alone. */
  async function policyOn(tenant: string, name: string, objectives: string[], activeSince: Date) {
    const stored = await new RetrainPolicyRepository(dataSource).insert({
      id: formatUuidV7(Date.now(), randomBytes(10)),
      tenant,
      name,
      cadence: 'quarterly',
      timezone: 'UTC',
      objectives,
      recipe: { id: 'default', version: 1 },
      catchUp: 'latest-only',
      minNewComparisons: null,
      driftThreshold: 0.3,
      status: 'paused',
      createdAt: activeSince,
      pausedAt: activeSince,
      activeSince,
    });
    if (!stored) throw new Error('policy not stored');
    return { ...stored, status: 'active' } as RetrainPolicy;
  }

  it("gives two objectives with different traffic shifts different drift, fires only the shifted objective's policy, and records per-objective readings a replay rebuilds", async () => {
    // Both objectives were trained on English cooking prompts. Afterwards helpfulness traffic turns to German
    // tax questions on the chat surface, while honesty traffic stays English cooking (chat and search).
    const since = new Date('2005-03-10T00:00:00Z');
    const clock = new ManualClock(new Date(since.getTime() + 10 * DAY));
    const random = mulberry32(15);
    const tenant = uniqueTenant('drift-objectives');
    const before = minutes(since, 200, -300 * MINUTE);
    await insertComparisons(tenant, [
      ...prompts(COOKING, 200, random).map((prompt, i) => ({
        prompt,
        recordedAt: before[i],
        objective: 'helpfulness',
      })),
      ...prompts(COOKING, 200, random).map((prompt, i) => ({ prompt, recordedAt: before[i], objective: 'honesty' })),
    ]);
    const after = minutes(since, 300, MINUTE);
    await insertInteractions(tenant, [
      ...prompts(TAXES, 150, random).map((prompt, i) => ({
        prompt,
        recordedAt: after[i],
        objective: 'helpfulness',
        surface: 'chat',
        locale: 'de-DE',
      })),
      ...prompts(COOKING, 150, random).map((prompt, i) => ({
        prompt,
        recordedAt: after[150 + i],
        objective: 'honesty',
        surface: i % 2 === 0 ? 'chat' : 'search',
        locale: 'en-GB',
      })),
    ]);
    const shifted = await policyOn(tenant, 'helpfulness-drift', ['helpfulness'], since);
    const steady = await policyOn(tenant, 'honesty-drift', ['honesty'], since);
    const publisher = new EventPublisher(kafka, { lingerMs: 1, maxBatchMessages: 100, ackTimeoutMs: 10_000 });
    const scheduler = new RetrainScheduler({
      policies: { listActive: async () => [shifted, steady] },
      requests: new RetrainRequestRepository(dataSource),
      leadership: alwaysLeader,
      publisher,
      clock,
      comparisons: new UnavailableComparisonCounter(),
      drift: new PromptDriftSignal(new PromptDriftSourceRepository(dataSource)),
      topicPrefix: config.kafka.topicPrefix,
      logger: createLogger('drift-test', 'silent'),
    });
    const replaySchema = `${config.database.schema}_drift_replay`;
    const replayed = createDataSource({ ...config.database, schema: replaySchema }, { poolSize: 2 });
    try {
      expect((await scheduler.tick()).fired).toBe(1);
      const requests = new RetrainRequestRepository(dataSource);
      expect(await requests.listByPolicy(steady.id)).toEqual([]);
      const [run] = await requests.listByPolicy(shifted.id);
      expect([run.reason, run.period]).toEqual(['drift', 'drift:after:start']);

      // The readings on Kafka: per objective (whole traffic) and per surface, each policy only its own objectives.
      const total = await endOffsetTotal(kafka, retrainingTopic);
      const readings = (await readTopicUntil(kafka, retrainingTopic, (ms) => ms.length >= total))
        .map((m) => ({ m, event: parseEvent(JSON.parse(m.value)) }))
        .filter(({ event }) => event.type === 'drift.measured' && event.tenant === tenant);
      const data = readings.map(({ event }) => event.data as DriftMeasuredData);
      expect(data.map((d) => [d.policyId, d.objective, d.surface ?? 'all']).sort()).toEqual(
        [
          [shifted.id, 'helpfulness', 'all'],
          [shifted.id, 'helpfulness', 'chat'],
          [steady.id, 'honesty', 'all'],
          [steady.id, 'honesty', 'chat'],
          [steady.id, 'honesty', 'search'],
        ].sort(),
      );
      const of = (objective: string, surface = 'all') =>
        data.find((d) => d.objective === objective && (d.surface ?? 'all') === surface) as DriftMeasuredData;
      // Different shifts, different values: word drift of the new topic near 1 (a few shared words: how, do, i),
      // of the same topic near the sampling floor; the language mix moved from English to German for helpfulness only.
      expect(of('helpfulness').value).toBeGreaterThan(0.7);
      expect(of('honesty').value).toBeLessThan(0.1);
      expect(of('helpfulness').localeMixDrift).toBeCloseTo(1, 9);
      expect(of('honesty').localeMixDrift).toBe(0);
      expect(of('honesty', 'search').samples).toEqual({ trainedOn: 200, deployed: 75 });
      // Same prompt-length generator on both sides: length drift stays small for both.
      expect(of('helpfulness').lengthDrift).toBeLessThan(0.05);
      // The run goes on the one reading behind it.
      expect(data.filter((d) => d.runId !== undefined).map((d) => [d.objective, d.surface, d.runId])).toEqual([
        ['helpfulness', undefined, run.runId],
      ]);

      // Projected by the projector's code, read as `hindsight drift` and GET /v1/drift read them; a replay into an
      // empty database (another schema) rebuilds the same readings from the events.
      const messages = readings.map(({ m, event }) => ({
        topic: m.topic,
        partition: m.partition,
        offset: m.offset,
        event,
      }));
      await new ProjectionStore(dataSource, { plan: planProjection }).commitBatch('drift-objectives-test', messages);
      await replayed.initialize();
      await runMigrations(replayed, replaySchema);
      await new ProjectionStore(replayed, { plan: planProjection }).commitBatch('drift-objectives-replay', messages);
      const read = async (ds: DataSource, filter: { objective: string; surface?: string }) =>
        (await new DriftMeasurementRepository(ds).measurements(tenant, { limit: 50, ...filter })).items;
      const helpfulness = await read(dataSource, { objective: 'helpfulness' });
      expect(helpfulness.map((i) => [i.surface, i.value, i.runId])).toEqual(
        expect.arrayContaining([
          [null, of('helpfulness').value, run.runId],
          ['chat', of('helpfulness', 'chat').value, null],
        ]),
      );
      expect(helpfulness).toHaveLength(2);
      expect(await read(replayed, { objective: 'helpfulness' })).toEqual(helpfulness);
      expect((await read(dataSource, { objective: 'honesty', surface: 'search' })).map((i) => i.samples)).toEqual([
        { trainedOn: 200, deployed: 75 },
      ]);

      // The CLI: JSON as GET /v1/drift answers it, and the table.
      const json = await runCli(['drift', '--tenant', tenant, '--objective', 'helpfulness', '--json']);
      expect(json.code).toBe(0);
      expect((JSON.parse(json.stdout) as { items: unknown[] }).items).toEqual(helpfulness);
      const table = await runCli(['drift', '--tenant', tenant, '--objective', 'honesty', '--surface', 'chat']);
      expect(table.code).toBe(0);
      expect(table.stdout.split('\n')[0]).toMatch(/^measured at +surface +words +length +locale +prompts/);
      expect(table.stdout.split('\n')[1]).toMatch(
        new RegExp(`^2005-03-20T00:00:00\\.000Z +chat +${of('honesty', 'chat').value.toFixed(3)} `),
      );
      const bad = await runCli(['drift', '--tenant', tenant, '--objective', 'Not A Slug']);
      expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('objective')]);
    } finally {
      await publisher.close();
      if (replayed.isInitialized) {
        await replayed.query(`DROP SCHEMA IF EXISTS "${replaySchema}" CASCADE`);
        await replayed.destroy();
      }
      const policies = new RetrainPolicyRepository(dataSource);
      await policies.delete(tenant, shifted.id, clock.now());
      await policies.delete(tenant, steady.id, clock.now());
    }
  }, 120_000);
});
