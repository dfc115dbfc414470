import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { apiService } from '@hindsight/api-service';
import { projectorService } from '@hindsight/projector-service';
import { HindsightClient, type EventToSend } from '@hindsight/client';
import { loadPlatformConfig } from '@hindsight/config';
import { EVENT_TOPICS, exampleEventInputs, topicName } from '@hindsight/contracts';
import { createKafka, EventPublisher } from '@hindsight/kafka';
import { simulatePopulation } from '@hindsight/quality';
import { comparisonEvent, simulationWindow } from '@hindsight/quality-report';
import { createDataSource, RetrainPolicyRepository, RetrainRequestRepository } from '@hindsight/store';
import { createLogger, startService, type RunningService } from '@hindsight/runtime';
import { UnavailableComparisonCounter, UnavailableDriftSignal } from '@hindsight/scheduling';
import { generateKeyEncryptionKey, newKeyRingFile, writeKeyRingFile } from '@hindsight/shredding';
import { freePort, runCli, startApiUnderTest, uniqueTenant, waitFor, type ApiUnderTest } from '@hindsight/test-support';
import { loadTrainerSettings, trainerService } from '@hindsight/trainer-service';
import { ManualClock, RetrainScheduler } from '@hindsight/scheduler-service';

/*
 * The disaster drill of the README's "Disaster recovery": a tenant with every kind
 * of record; the dataset, quality report, policies, queues and models as of T are
 * written down; the whole PostgreSQL database is dropped; an empty one is
 * migrated and `hindsight replay --from-beginning` rebuilds it from Kafka alone
 * (with the backed-up key-encryption key). Everything written down is the same,
 * the erased rater stays erased, and a policy fires once for its period.
 * A database, topics and key file of this file's own.
 */
const base = loadPlatformConfig();
const runTag = randomBytes(3).toString('hex');
const databaseUrl = (() => {
  const url = new URL(base.database.url);
  url.pathname = `/hindsight_drill_${runTag}`;
  return url.toString();
})();
const dir = mkdtempSync(join(tmpdir(), 'hindsight-drill-'));
const env: Record<string, string> = {
  DATABASE_URL: databaseUrl,
  DATABASE_SCHEMA: 'public',
  KAFKA_TOPIC_PREFIX: `${base.kafka.topicPrefix}drill.`,
  PROJECTOR_GROUP_ID: `${base.kafka.projectorGroupId}-drill`,
  TRAINER_GROUP_ID: `${base.kafka.topicPrefix}drill.trainer`,
  ARTIFACTS_DIR: join(dir, 'artifacts'),
  DATASETS_DIR: join(dir, 'datasets'),
  HINDSIGHT_KEK_FILE: join(dir, 'kek.json'),
  TRAINER_POLL_MS: '200',
  TRAINER_GATE_MIN_PAIRS: '20',
};
const config = loadPlatformConfig({ ...process.env, ...env });
const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'disaster-drill' });
const logger = createLogger('disaster-drill', 'warn');

const cli = async (args: string[]) => {
  const result = await runCli(args, env);
  if (result.code !== 0) throw new Error(`hindsight ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
};

async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether the projector's stored offsets reach the end of every event topic. */
async function caughtUp(
  query: (sql: string, params?: unknown[]) => Promise<{ topic: string; partition: number; next_offset: string }[]>,
  group: string,
): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const stored = await query('SELECT topic, partition, next_offset FROM consumer_offsets WHERE consumer_group = $1', [
      group,
    ]);
    for (const base of EVENT_TOPICS) {
      const topic = topicName(config.kafka.topicPrefix, base);
      for (const p of await admin.fetchTopicOffsets(topic)) {
        const at = stored.find((s) => s.topic === topic && s.partition === p.partition);
        if (Number(p.high) > 0 && Number(at?.next_offset ?? 0) < Number(p.high)) return false;
      }
    }
    return true;
  } finally {
    await admin.disconnect();
  }
}

describe('disaster drill: PostgreSQL is lost, Kafka and the key-encryption key are not', () => {
  const tenant = uniqueTenant('drill');
  const raterErased = 'drill-rater-erased';
  let api: ApiUnderTest;
  let projector: RunningService;
  let trainer: RunningService;

  beforeAll(() => writeKeyRingFile(env.HINDSIGHT_KEK_FILE, newKeyRingFile(generateKeyEncryptionKey(), new Date())));

  afterAll(async () => {
    await trainer?.app.close().catch(() => undefined);
    await projector?.app.close().catch(() => undefined);
    await api?.close().catch(() => undefined);
    await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "hindsight_drill_${runTag}" WITH (FORCE)`));
    rmSync(dir, { recursive: true, force: true });
  });

  it('rebuilds the tenant exactly from Kafka into an empty database', async () => {
    api = await startApiUnderTest(apiService, env);
    projector = await startService(projectorService, {
      ...process.env,
      ...env,
      PROJECTOR_PORT: String(await freePort()),
    });
    trainer = await startService(trainerService({ settings: loadTrainerSettings({ ...process.env, ...env }) }), {
      ...process.env,
      ...env,
      TRAINER_PORT: String(await freePort()),
    });
    const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
      projector.context.dataSource.query(sql, params);
    const key = (await api.issueKey({ tenant, scopes: ['ingest', 'read', 'admin'] })).key;
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${api.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as Record<string, unknown> };
    };
    const send = async (
      type: keyof typeof exampleEventInputs,
      idempotencyKey: string,
      data: Record<string, unknown>,
    ) => {
      const example = exampleEventInputs[type] as unknown as { data: Record<string, unknown> };
      const res = await api.post('/v1/events', { type, idempotencyKey, data: { ...example.data, ...data } }, key);
      expect({ type, status: res.status, body: res.status === 202 ? undefined : res.body }).toEqual({
        type,
        status: 202,
        body: undefined,
      });
      return (res.body as { id: string }).id;
    };

    // Comparisons from a seeded population, each model version's texts recognisable so a reward model can learn.
    const window = simulationWindow(undefined, new Date());
    const population = simulatePopulation({
      raters: 12,
      comparisons: 600,
      overlap: 2,
      seed: 5,
      spammers: 0,
      positionBiased: 0.2,
      lengthBiased: 0,
      groupConflict: 0,
      modelStrengths: [0, 2, 4, 6],
      ...window,
    });
    const comparisons = population.comparisons.map((record, i) => {
      const event = comparisonEvent(record, i, `drill-${runTag}`);
      if (event.type !== 'comparison.recorded') throw new Error('unexpected simulated event');
      return {
        type: 'comparison.recorded',
        idempotencyKey: event.idempotencyKey,
        occurredAt: event.occurredAt,
        data: {
          ...event.data,
          responses: event.data.responses.map((r) => ({ ...r, text: `${r.text} [${r.modelVersion}]` })),
        },
      } as EventToSend;
    });
    const sent = await new HindsightClient({ baseUrl: api.url, apiKey: key, batchSize: 300 }).sendBatch(comparisons);
    expect(sent.rejected).toBe(0);
    const [corrected, retracted] = sent.results.slice(0, 2).map((r) => (r as { id: string }).id);
    const ratersOf = (i: number) => comparisons[i].data as { raterId: string; taskId: string };

    // Every other kind of record: ratings, profiles, deployment feedback, a correction, a retraction, an erasure.
    await send('rating.recorded', 'drill-rating', { raterId: ratersOf(5).raterId });
    await send('rater.profiled', 'drill-profile', { raterId: ratersOf(6).raterId });
    await send('rater.profiled', 'drill-profile-erased', { raterId: raterErased });
    await send('comparison.recorded', 'drill-erased-comparison', {
      raterId: raterErased,
      taskId: 'drill-erased-task',
      queueId: undefined,
      assignmentId: undefined,
    });
    await send('interaction.logged', 'drill-interaction', { interactionId: 'drill-int-1' });
    await send('feedback.recorded', 'drill-feedback', { interactionId: 'drill-int-1' });
    await send('outcome.recorded', 'drill-outcome', { interactionId: 'drill-int-1' });
    await send('annotation.corrected', 'drill-correction', {
      annotationId: corrected,
      taskId: ratersOf(0).taskId,
      raterId: ratersOf(0).raterId,
    });
    await send('annotation.retracted', 'drill-retraction', {
      annotationId: retracted,
      taskId: ratersOf(1).taskId,
      raterId: ratersOf(1).raterId,
    });
    await send('subject.erasure.requested', 'drill-erasure', {
      subjectKind: 'rater',
      subjectId: raterErased,
      reason: 'GDPR Art. 17 request',
    });

    // A policy, a queue with open assignments, and a registered model from a retrain of the policy.
    const policy = (
      await call('POST', '/v1/policies', {
        name: 'quarterly',
        cadence: 'quarterly',
        timezone: 'Europe/Berlin',
        objectives: ['helpfulness'],
        recipe: { id: 'default', version: 1 },
        catchUp: 'latest-only',
      })
    ).body as { id: string };
    const everyMinute = (
      await call('POST', '/v1/policies', {
        name: 'every-minute',
        cadence: '* * * * *',
        timezone: 'UTC',
        objectives: ['honesty'],
        recipe: { id: 'default', version: 1 },
        catchUp: 'latest-only',
      })
    ).body as { id: string };
    expect(
      (
        await call('POST', '/v1/queues', {
          id: 'drill-queue',
          name: 'Drill',
          overlap: 2,
          counterbalance: true,
          taskType: 'drill',
          objective: 'helpfulness',
          guidelineVersion: 'v1',
        })
      ).status,
    ).toBe(201);
    const tasks = [1, 2, 3].map((n) => ({
      taskId: `drill-q-${n}`,
      prompt: `Question ${n}?`,
      responses: [
        { id: 'a', text: `Answer A${n}`, modelVersion: 'm1' },
        { id: 'b', text: `Answer B${n}`, modelVersion: 'm2' },
      ],
    }));
    expect((await call('POST', '/v1/tasks', { queueId: 'drill-queue', tasks })).status).toBe(201);
    for (const rater of ['q-rater-1', 'q-rater-2'])
      expect((await call('GET', `/v1/tasks/next?queue=drill-queue&rater=${rater}`)).status).toBe(200);
    const retrain = JSON.parse(await cli(['retrain', '--policy', policy.id, '--tenant', tenant, '--json'])) as {
      runId: string;
    };
    const model = await waitFor(
      async () =>
        JSON.parse(await cli(['models', 'list', '--tenant', tenant, '--json'])) as { models: { runId: string }[] },
      (m) => m.models.some((x) => x.runId === retrain.runId),
      240_000,
      'the retrain registers a model',
    );
    expect(model.models.length).toBeGreaterThan(0);

    // The scheduler fires the every-minute policy once for its period.
    const clock = new ManualClock(new Date(Date.now() + 2 * 60_000));
    const publisher = new EventPublisher(kafka, { lingerMs: 1, maxBatchMessages: 100, ackTimeoutMs: 10_000 });
    const schedulerOn = (ds: RunningService['context']['dataSource']) => {
      const policies = new RetrainPolicyRepository(ds);
      return new RetrainScheduler({
        policies: { listActive: async () => (await policies.listActive()).filter((p) => p.id === everyMinute.id) },
        requests: new RetrainRequestRepository(ds),
        leadership: { tryAcquire: async () => true, release: async () => undefined },
        publisher,
        clock,
        comparisons: new UnavailableComparisonCounter(),
        drift: new UnavailableDriftSignal(),
        topicPrefix: config.kafka.topicPrefix,
        logger,
      });
    };
    try {
      expect((await schedulerOn(projector.context.dataSource).tick()).fired).toBe(1);

      // Everything on Kafka is applied; the trainer is idle.
      await waitFor(
        () => caughtUp(query as never, config.kafka.projectorGroupId),
        (done) => done,
        120_000,
        'the projector caught up',
      );
      await waitFor(
        async () =>
          query<{ n: number }>(
            `SELECT count(*)::int AS n FROM trainer_runs WHERE tenant = $1 AND state NOT IN ('completed', 'failed')`,
            [tenant],
          ),
        (r) => r[0].n === 0,
        240_000,
        'no run in progress',
      );
      await trainer.app.close();
      const asOf = new Date().toISOString();

      /** What a user sees of the tenant at T: the things the drill must find again. */
      const observe = async () => {
        const dataset = JSON.parse(
          await cli([
            'dataset',
            'build',
            '--tenant',
            tenant,
            '--as-of',
            asOf,
            '--out',
            join(dir, `ds-${Date.now()}`),
            '--json',
          ]),
        ) as { sha256: string; counts: unknown; erasuresApplied: unknown[] };
        const { generatedAt: _generated, ...quality } = JSON.parse(
          await cli(['quality', 'report', '--tenant', tenant, '--as-of', asOf, '--json']),
        ) as Record<string, unknown>;
        // An every-minute policy's next fire time moves with the clock between the two looks; the rest must not.
        const policies = (
          JSON.parse(await cli(['policy', 'list', '--tenant', tenant, '--json'])) as Record<string, unknown>[]
        ).map((p) => (p.cadence === '* * * * *' ? { ...p, nextFireAt: 'moves with the clock' } : p));
        const models = JSON.parse(await cli(['models', 'list', '--tenant', tenant, '--json'])) as unknown;
        const db = createDataSource({ url: databaseUrl, schema: 'public', poolSize: 1 }, { applicationName: 'drill' });
        await db.initialize();
        try {
          const rows = (table: string, order: string) =>
            db
              .query(`SELECT to_jsonb(t) AS row FROM ${table} t WHERE tenant = $1 ORDER BY ${order}`, [tenant])
              .then((r: { row: unknown }[]) => r.map((x) => x.row));
          return {
            dataset: { sha256: dataset.sha256, counts: dataset.counts, erasuresApplied: dataset.erasuresApplied },
            quality,
            policies,
            models,
            queues: {
              queues: await rows('annotation_queues', 'id'),
              tasks: await rows('queue_tasks', 'queue_id, task_id'),
              assignments: await rows('queue_assignments', 'id'),
            },
            runs: await rows('trainer_runs', 'run_id'),
            erased: {
              key: await db.query(
                `SELECT wrapped_key IS NULL AND destroyed_at IS NOT NULL AS destroyed FROM subject_keys WHERE tenant = $1 AND subject_kind = 'rater' AND subject_id = $2`,
                [tenant, raterErased],
              ),
              events: await db.query(
                `SELECT type, erased, payload -> 'data' AS data FROM events WHERE tenant = $1 AND payload -> 'data' ->> 'raterId' IS NULL AND type IN ('comparison.recorded', 'rater.profiled') AND erased ORDER BY type`,
                [tenant],
              ),
              profile: await db.query('SELECT rater_id FROM raters WHERE tenant = $1 AND rater_id = $2', [
                tenant,
                raterErased,
              ]),
            },
          };
        } finally {
          await db.destroy();
        }
      };
      const before = await observe();
      // What is written down is substantial, so "equal" below means something.
      expect((before.dataset.counts as { pairs: number }).pairs).toBeGreaterThan(200);
      expect(before.dataset.erasuresApplied).toHaveLength(1);
      expect((before.quality.raters as unknown[]).length).toBeGreaterThan(10);
      expect(before.quality.totals).toMatchObject({ comparisons: expect.any(Number) });
      expect(before.policies.length).toBe(2);
      expect((before.models as { models: unknown[] }).models.length).toBeGreaterThan(0);
      expect(before.queues.tasks).toHaveLength(3);
      expect(before.runs.length).toBeGreaterThanOrEqual(2);
      expect(
        (before.queues.assignments as { completed_at: unknown }[]).filter((a) => a.completed_at === null),
      ).toHaveLength(2);
      expect(before.erased.key).toEqual([{ destroyed: true }]);
      expect(before.erased.events).toEqual([
        { type: 'comparison.recorded', erased: true, data: { erased: true } },
        { type: 'rater.profiled', erased: true, data: { erased: true } },
      ]);
      expect(before.erased.profile).toEqual([]);

      // The disaster: the database is gone.
      await projector.app.close();
      await api.close();
      await withAdminClient((c) => c.query(`DROP DATABASE "hindsight_drill_${runTag}" WITH (FORCE)`));

      // The restore, as the README says: migrate an empty database, replay from the beginning.
      await cli(['db', 'migrate']);
      const replay = JSON.parse(await cli(['replay', '--from-beginning', '--json'])) as {
        switched: boolean;
        events: number;
      };
      expect(replay.switched).toBe(true);
      expect(replay.events).toBeGreaterThan(comparisons.length);

      const after = await observe();
      expect(after).toEqual(before);

      // The scheduler on the restored database: the period already requested on Kafka is not requested again; the next one is.
      const restored = createDataSource(
        { url: databaseUrl, schema: 'public', poolSize: 2 },
        { applicationName: 'drill-scheduler' },
      );
      await restored.initialize();
      try {
        const scheduler = schedulerOn(restored);
        expect((await scheduler.tick()).fired).toBe(0);
        clock.advance(60_000);
        expect((await scheduler.tick()).fired).toBe(1);
      } finally {
        await restored.destroy();
      }
    } finally {
      await publisher.close();
    }
  }, 600_000);
});
