import { randomBytes } from 'node:crypto';
import { apiService } from '@hindsight/api-service';
import { projectorService } from '@hindsight/projector-service';
import { HindsightClient, type EventToSend } from '@hindsight/client';
import { loadPlatformConfig } from '@hindsight/config';
import { formatUuidV7 } from '@hindsight/contracts';
import { createKafka, EventPublisher } from '@hindsight/kafka';
import { simulatePopulation } from '@hindsight/quality';
import { comparisonEvent, simulationWindow } from '@hindsight/quality-report';
import { deserializeRewardModel, scoreResponse } from '@hindsight/reward-model';
import { startService, type RunningService } from '@hindsight/runtime';
import { retrainMessage, retrainRequestedEvent } from '@hindsight/scheduling';
import { ModelRegistryRepository, TrainerRunRepository, type TrainerRunRow } from '@hindsight/store';
import {
  freePort,
  startApiUnderTest,
  startS3Mock,
  uniqueTenant,
  waitFor,
  type ApiUnderTest,
  type S3MockServer,
} from '@hindsight/test-support';
import { artifactStoreFromEnv, ModelRegistryViews, type ArtifactStore } from '@hindsight/training';
import { loadTrainerSettings } from './trainer-settings';
import { trainerService } from './trainer-service';

/*
 * The trainer with an s3:// artifact store, as in Kubernetes: comparisons go
 * through the api and the projector, a manual retrain is requested, and the
 * TRL-ready JSONL, manifest, run file and model must land in a real
 * S3-compatible bucket (Adobe's S3Mock, started here) with s3:// URIs in the
 * registry. Smaller than trainer.int.spec.ts: one tenant, one objective, no crash.
 */
const base = loadPlatformConfig();
const prefix = `${base.kafka.topicPrefix}trainer-s3.`;
const bucket = 'hindsight-artifacts';
const kafka = createKafka({ brokers: base.kafka.brokers, clientId: 'trainer-s3-test' });
const newId = () => formatUuidV7(Date.now(), randomBytes(10));

let s3: S3MockServer;
let env: Record<string, string>;
let api: ApiUnderTest;
let projector: RunningService;
let trainer: RunningService;
let publisher: EventPublisher;
let bucketReader: ArtifactStore;

beforeAll(async () => {
  [s3, api] = await Promise.all([startS3Mock([bucket]), startApiUnderTest(apiService, { KAFKA_TOPIC_PREFIX: prefix })]);
  env = {
    ...s3.env,
    KAFKA_TOPIC_PREFIX: prefix,
    PROJECTOR_GROUP_ID: `${base.kafka.projectorGroupId}-trainer-s3`,
    TRAINER_GROUP_ID: `${prefix}trainer`,
    ARTIFACTS_DIR: `s3://${bucket}/cluster-a`,
    TRAINER_POLL_MS: '200',
  };
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
  publisher = new EventPublisher(kafka, { lingerMs: 1, maxBatchMessages: 10, ackTimeoutMs: 10_000 });
  bucketReader = artifactStoreFromEnv(env);
}, 240_000);

afterAll(async () => {
  await publisher?.close();
  await trainer?.app.close();
  await projector?.app.close();
  await api?.close();
  await bucketReader?.close();
  await s3?.stop();
});

/** 1,500 judgments of 20 careful raters (no spammers or position bias, so the default gates pass), two per task. */
async function sendAndProject(tenant: string): Promise<void> {
  const population = simulatePopulation({
    raters: 20,
    comparisons: 1500,
    overlap: 2,
    seed: 3,
    spammers: 0,
    positionBiased: 0,
    modelStrengths: [0, 2, 4, 6],
    ...simulationWindow(undefined, new Date()),
  });
  const keyPrefix = `trainer-s3-${randomBytes(4).toString('hex')}`;
  const events = population.comparisons.map((record, i) => {
    const event = comparisonEvent(record, i, keyPrefix);
    if (event.type !== 'comparison.recorded') throw new Error('unexpected simulated event');
    // The text carries the model version that wrote it, as real outputs carry their model's style.
    const data = {
      ...event.data,
      responses: event.data.responses.map((r) => ({ ...r, text: `${r.text} [${r.modelVersion}]` })),
    };
    return {
      type: 'comparison.recorded',
      idempotencyKey: event.idempotencyKey,
      occurredAt: event.occurredAt,
      data,
    } as EventToSend;
  });
  const { key } = await api.issueKey({ tenant, scopes: ['ingest'] });
  expect(
    (await new HindsightClient({ baseUrl: api.url, apiKey: key, batchSize: 500 }).sendBatch(events)).rejected,
  ).toBe(0);
  await waitFor(
    async () =>
      Number(
        (
          await projector.context.dataSource.query(
            `SELECT count(*) AS n FROM events WHERE tenant = $1 AND type = 'comparison.recorded'`,
            [tenant],
          )
        )[0].n,
      ),
    (n) => n === events.length,
    120_000,
    'comparisons projected',
  );
}

async function requestRetrain(tenant: string, objectives: string[]): Promise<string> {
  const runId = newId();
  const now = new Date();
  const event = retrainRequestedEvent({
    eventId: newId(),
    runId,
    tenant,
    source: 'trainer-s3-test',
    recordedAt: now,
    trigger: { kind: 'manual', requestedBy: 'trainer-s3-test' },
    asOf: now,
    objectives,
    recipe: { id: 'default', version: 1 },
    idempotencyKey: `retrain:test:${runId}`,
  });
  await publisher.publish([retrainMessage(JSON.stringify(event), prefix)]);
  return runId;
}

const text = async (key: string) => Buffer.from(await bucketReader.get(key)).toString('utf8');

describe('the trainer with an s3:// artifact store', () => {
  it('puts the TRL-ready JSONL, manifest, run file and model in the bucket, and registers s3:// URIs', async () => {
    const tenant = uniqueTenant('s3');
    await sendAndProject(tenant);
    const runId = await requestRetrain(tenant, ['helpfulness']);
    const run = (await waitFor(
      () => new TrainerRunRepository(projector.context.dataSource).find({ tenant, runId }),
      (r) => r?.state === 'completed' || r?.state === 'failed',
      180_000,
      `run ${runId} to finish`,
    )) as TrainerRunRow;
    expect(run).toMatchObject({ state: 'completed', failure: null });

    const folder = `runs/${tenant}/${runId}/dataset/helpfulness`;
    expect(await bucketReader.list(`runs/${tenant}/${runId}`)).toEqual([
      `${folder}/excluded.jsonl`,
      `${folder}/manifest.json`,
      `${folder}/test.jsonl`,
      `${folder}/train.jsonl`,
      `${folder}/validation.jsonl`,
      `runs/${tenant}/${runId}/run.json`,
    ]);
    const [model] = await new ModelRegistryRepository(projector.context.dataSource).listByRun(tenant, runId);
    expect(model).toMatchObject({
      modelVersion: `helpfulness-${runId}`,
      artifactUri: `s3://${bucket}/cluster-a/models/${tenant}/helpfulness-${runId}.json`,
      datasetUri: `s3://${bucket}/cluster-a/${folder}`,
    });
    expect(run.datasets?.[0].manifestUri).toBe(`s3://${bucket}/cluster-a/${folder}/manifest.json`);

    // TRL's preference format, the manifest the registry copied, a model that scores.
    const firstRow = JSON.parse((await text(`${folder}/train.jsonl`)).split('\n')[0]) as Record<string, unknown>;
    expect(Object.keys(firstRow)).toEqual(expect.arrayContaining(['prompt', 'chosen', 'rejected']));
    const manifest = JSON.parse(await text(`${folder}/manifest.json`)) as { sha256: string; counts: { pairs: number } };
    expect(manifest.sha256).toBe(model.datasetSha256);
    expect(JSON.parse(await text(`runs/${tenant}/${runId}/run.json`))).toMatchObject({
      runId,
      datasets: [{ objective: 'helpfulness', uri: model.datasetUri, sha256: model.datasetSha256 }],
    });
    const rewardModel = deserializeRewardModel(await bucketReader.get(`models/${tenant}/helpfulness-${runId}.json`));
    expect(Number.isFinite(scoreResponse(rewardModel, 'a prompt', 'a response'))).toBe(true);
    expect(model.metrics.pairwiseAccuracy).toBeGreaterThan(0.6);

    // The registry's compare reads both builds back from the bucket for its pair-level diff.
    const comparison = await new ModelRegistryViews(
      new ModelRegistryRepository(projector.context.dataSource),
      bucketReader,
    ).compare(tenant, model.modelVersion, model.modelVersion);
    expect(comparison.objectives[0]).toMatchObject({
      sameDataset: true,
      datasetDiff: { added: { count: 0 }, removed: { count: 0 }, relabelled: { count: 0 } },
    });
    expect(comparison.objectives[0].datasetDiff!.unchanged).toBe(manifest.counts.pairs);
  }, 300_000);

  it('is ready only while its bucket answers: /ready names the artifact store, or why it cannot be used', async () => {
    const ready = await fetch(`${trainer.url}/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { dependencies: Record<string, unknown> }).dependencies.artifacts).toEqual({
      up: true,
      detail: `s3://${bucket}/cluster-a`,
    });

    const missingEnv = {
      ...process.env,
      ...env,
      ARTIFACTS_DIR: 's3://no-such-bucket/x',
      TRAINER_GROUP_ID: `${prefix}trainer-missing`,
    };
    const missing = await startService(trainerService({ settings: loadTrainerSettings(missingEnv) }), {
      ...missingEnv,
      TRAINER_PORT: String(await freePort()),
    });
    try {
      const response = await fetch(`${missing.url}/ready`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        status: 'not-ready',
        down: ['artifacts'],
        dependencies: { artifacts: { up: false, detail: 'artifact bucket no-such-bucket does not exist' } },
      });
    } finally {
      await missing.app.close();
    }
  }, 120_000);
});
