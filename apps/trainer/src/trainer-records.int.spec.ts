import { randomBytes } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import { formatUuidV7 } from '@hindsight/contracts';
import { replayProjections } from '@hindsight/projector-core';
import { createLogger } from '@hindsight/runtime';
import { retrainMessage, retrainRequestedEvent } from '@hindsight/scheduling';
import { uniqueTenant, waitFor } from '@hindsight/test-support';
import { RetrainWorker } from './retrain/retrain-worker';
import { modelStyledComparisons } from '@hindsight/quality-report';
import { newId, trainerIntFixture } from './testing/trainer-int-fixture';

/*
 * What the trainer records (runs and the model registry) is rebuilt from Kafka:
 * by a replay into a fresh schema, and by the trainer itself when its database
 * is lost. Run ids are chosen by clients: two tenants with the same run id each
 * get their own run and model. Topics of this file's own (prefix + "records.").
 */
const platform = trainerIntFixture({ name: 'records', trainer: 'by-spec' });
const { env, prefix, query } = platform;

const sendAndProject = (tenant: string, seed: number) =>
  platform.sendAndProject(
    tenant,
    modelStyledComparisons(
      {
        raters: 20,
        comparisons: 1500,
        overlap: 2,
        seed,
        spammers: 0,
        positionBiased: 0,
        lengthBiased: 0,
        groupConflict: 0,
        modelStrengths: [0, 2, 4, 6],
      },
      `records-${seed}`,
    ),
  );

const requestRetrain = async (tenant: string, runId: string): Promise<void> => {
  const now = new Date();
  await platform.requestRetrain({
    runId,
    tenant,
    source: 'trainer-records-test',
    recordedAt: now,
    trigger: { kind: 'manual', requestedBy: 'trainer-records-test' },
    asOf: now,
    objectives: ['helpfulness'],
    recipe: { id: 'default', version: 1 },
  });
};

/** The trainer's records of `tenants` in `schema`, as JSON, in a fixed order. */
async function recordsIn(schema: string, tenants: readonly string[]): Promise<{ runs: unknown[]; models: unknown[] }> {
  const rows = (table: string, order: string) =>
    query<{ row: unknown }>(
      `SELECT to_jsonb(t) AS row FROM "${schema}".${table} t WHERE tenant = ANY($1) ORDER BY ${order}`,
      [tenants],
    ).then((r) => r.map((x) => x.row));
  return {
    runs: await rows('trainer_runs', 'tenant, run_id'),
    models: await rows('model_versions', 'tenant, model_version'),
  };
}

/** Every event of the tenants' runs on the retraining topic, read to its end. */
const eventsOnTopic = async (tenants: readonly string[]) =>
  (await platform.retrainingEvents()).filter((e) => tenants.includes(e.tenant));

describe('what the trainer records', () => {
  const tenants = [uniqueTenant('records-a'), uniqueTenant('records-b')];
  const runId = newId();
  const schema = loadPlatformConfig().database.schema;

  beforeAll(async () => {
    await sendAndProject(tenants[0], 21);
    await sendAndProject(tenants[1], 22);
    await platform.startTrainer();
  }, 240_000);

  it('gives two tenants that chose the same run id a run and a model each', async () => {
    await requestRetrain(tenants[0], runId);
    await requestRetrain(tenants[1], runId);
    const [a, b] = [await platform.finished(tenants[0], runId), await platform.finished(tenants[1], runId)];
    expect([a.state, b.state]).toEqual(['completed', 'completed']);
    expect(a.requestEventId).not.toBe(b.requestEventId);

    const [[ma], [mb]] = [
      await platform.models.listByRun(tenants[0], runId),
      await platform.models.listByRun(tenants[1], runId),
    ];
    expect(ma).toMatchObject({ tenant: tenants[0], runId, modelVersion: `helpfulness-${runId}` });
    expect(mb).toMatchObject({ tenant: tenants[1], runId, modelVersion: `helpfulness-${runId}` });
    // Each trained on its own tenant's comparisons, into its own files.
    expect(ma.datasetSha256).not.toBe(mb.datasetSha256);
    expect(ma.artifactUri).toContain(`/models/${tenants[0]}/`);
    expect(mb.artifactUri).toContain(`/models/${tenants[1]}/`);
    expect(a.datasets?.[0].sha256).toBe(ma.datasetSha256);
    expect(b.datasets?.[0].sha256).toBe(mb.datasetSha256);
  }, 400_000);

  it('are rebuilt row for row by a replay into a fresh schema', async () => {
    // Everything the trainer recorded is on Kafka before the replay reads it.
    await waitFor(
      () =>
        query<{ n: number }>(
          'SELECT count(*)::int AS n FROM trainer_outbox WHERE tenant = ANY($1) AND published_at IS NULL',
          [tenants],
        ),
      (r) => r[0].n === 0,
      30_000,
      'the outbox published',
    );
    const live = await recordsIn(schema, tenants);
    expect(live.runs).toHaveLength(2);
    expect(live.models).toHaveLength(2);

    const config = loadPlatformConfig({ ...process.env, ...env });
    const replay = await replayProjections(
      config,
      createLogger('records-replay', 'warn'),
      { noSwitch: true },
      () => undefined,
    );
    try {
      expect(await recordsIn(replay.replaySchema, tenants)).toEqual(live);
    } finally {
      await query(`DROP SCHEMA IF EXISTS "${replay.replaySchema}" CASCADE`);
    }
  }, 240_000);

  it('are read back from Kafka by a trainer whose database was lost, and no finished run is trained again', async () => {
    const before = await recordsIn(schema, tenants);
    const eventsBefore = await eventsOnTopic(tenants);
    await platform.stopTrainer();
    // The trainer's part of a lost database: its runs, models, outbox, attempts and consumer offsets.
    for (const table of ['trainer_runs', 'model_versions', 'trainer_outbox', 'trainer_run_attempts'])
      await query(`DELETE FROM ${table} WHERE tenant = ANY($1)`, [tenants]);
    await query('DELETE FROM consumer_offsets WHERE consumer_group = $1', [env.TRAINER_GROUP_ID]);
    expect(await recordsIn(schema, tenants)).toEqual({ runs: [], models: [] });

    await platform.startTrainer();
    await waitFor(
      () => recordsIn(schema, tenants),
      (r) => r.runs.length === 2 && r.models.length === 2,
      60_000,
      'the records read back',
    );
    const worker = platform.trainer!.app.get(RetrainWorker, { strict: false });
    const passes = worker.completedPasses;
    await waitFor(
      async () => worker.completedPasses,
      (n) => n >= passes + 3,
      30_000,
      'three more trainer passes',
    );

    expect(await recordsIn(schema, tenants)).toEqual(before);
    expect(await query('SELECT event_id FROM trainer_outbox WHERE tenant = ANY($1)', [tenants])).toEqual([]);
    expect((await eventsOnTopic(tenants)).map((e) => e.id).sort()).toEqual(eventsBefore.map((e) => e.id).sort());
  }, 240_000);

  it('announces a run and a model recorded before they were projections, so a replay rebuilds them too', async () => {
    const tenant = uniqueTenant('records-old');
    const oldRun = newId();
    const requestedAt = new Date(Date.now() - 3_600_000);
    const finishedAt = new Date(requestedAt.getTime() + 60_000);
    const request = retrainRequestedEvent({
      eventId: formatUuidV7(requestedAt.getTime(), randomBytes(10)),
      runId: oldRun,
      tenant,
      source: 'trainer-records-test',
      recordedAt: requestedAt,
      trigger: { kind: 'manual', requestedBy: 'trainer-records-test' },
      asOf: requestedAt,
      objectives: ['helpfulness'],
      recipe: { id: 'default', version: 1 },
      idempotencyKey: `retrain:test:${oldRun}`,
    });
    await platform.stopTrainer();
    // As the trainer left them before this change: rows, and of their events only the request on Kafka.
    await query(
      `INSERT INTO trainer_runs (tenant, run_id, state, request_event_id, request, recipe, gate_report, created_at, updated_at, finished_at)
       VALUES ($1, $2, 'completed', $3, $4::jsonb, $5::jsonb, $6::jsonb, $7, $8, $8)`,
      [
        tenant,
        oldRun,
        request.id,
        JSON.stringify(request),
        JSON.stringify({ ref: { id: 'default', version: 1 }, document: {} }),
        JSON.stringify({ passed: true, reasons: [] }),
        requestedAt,
        finishedAt,
      ],
    );
    await query(
      `INSERT INTO model_versions (model_version, tenant, run_id, objective, parent_version, policy_id, as_of, recipe, dataset_sha256, dataset_uri, artifact_uri, manifest, metrics, training, code_version, created_at)
       VALUES ($1, $2, $3, 'helpfulness', NULL, NULL, $4, '{}'::jsonb, $5, 'file:///old/dataset', 'file:///old/model.json', '{"counts":{"pairs":3}}'::jsonb, '{"pairwiseAccuracy":0.7}'::jsonb, '{"seed":1}'::jsonb, 'old@1', $6)`,
      [`helpfulness-${oldRun}`, tenant, oldRun, requestedAt, 'a'.repeat(64), finishedAt],
    );
    await platform.publisher.publish([retrainMessage(JSON.stringify(request), prefix)]);
    const live = await recordsIn(schema, [tenant]);

    await platform.startTrainer();
    await waitFor(
      () =>
        query<{ n: number }>(
          `SELECT count(*)::int AS n FROM events WHERE tenant = $1 AND type IN ('retrain.run-advanced', 'model.registered')`,
          [tenant],
        ),
      (r) => r[0].n === 2,
      60_000,
      'the old run and model announced and projected',
    );
    expect(await recordsIn(schema, [tenant])).toEqual(live);
    const replay = await replayProjections(
      loadPlatformConfig({ ...process.env, ...env }),
      createLogger('records-replay', 'warn'),
      { noSwitch: true },
      () => undefined,
    );
    try {
      expect(await recordsIn(replay.replaySchema, [tenant])).toEqual(live);
    } finally {
      await query(`DROP SCHEMA IF EXISTS "${replay.replaySchema}" CASCADE`);
    }
  }, 240_000);
});
