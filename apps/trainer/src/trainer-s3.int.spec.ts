import { randomBytes } from 'node:crypto';
import { startService } from '@hindsight/runtime';
import { deserializeRewardModel, scoreResponse } from '@hindsight/reward-model';
import { freePort, startS3Mock, uniqueTenant } from '@hindsight/test-support';
import { artifactStoreFromEnv, ModelRegistryViews, type ArtifactStore } from '@hindsight/training';
import { modelStyledComparisons } from '@hindsight/quality-report';
import { trainerIntFixture } from './testing/trainer-int-fixture';
import { loadTrainerSettings } from './trainer-settings';
import { trainerService } from './trainer-service';

/*
 * The trainer with an s3:// artifact store, as in Kubernetes: comparisons go
 * through the api and the projector, a manual retrain is requested, and the
 * TRL-ready JSONL, manifest, run file and model must land in a real
 * S3-compatible bucket (Adobe's S3Mock, started here) with s3:// URIs in the
 * registry. Smaller than trainer.int.spec.ts: one tenant, one objective, no crash.
 */
const bucket = 'hindsight-artifacts';
const platform = trainerIntFixture({
  name: 'trainer-s3',
  artifactsDir: `s3://${bucket}/cluster-a`,
  beside: () => startS3Mock([bucket]),
});
const { env, prefix } = platform;

let bucketReader: ArtifactStore;

beforeAll(() => {
  bucketReader = artifactStoreFromEnv(env);
});

afterAll(async () => {
  await bucketReader?.close();
});

/** 1,500 judgments of 20 careful raters (no spammers or position bias, so the default gates pass), two per task. */
const sendAndProject = (tenant: string) =>
  platform.sendAndProject(
    tenant,
    modelStyledComparisons(
      {
        raters: 20,
        comparisons: 1500,
        overlap: 2,
        seed: 3,
        spammers: 0,
        positionBiased: 0,
        modelStrengths: [0, 2, 4, 6],
      },
      `trainer-s3-${randomBytes(4).toString('hex')}`,
    ),
  );

async function requestRetrain(tenant: string, objectives: string[]): Promise<string> {
  const now = new Date();
  return platform.requestRetrain({
    tenant,
    source: 'trainer-s3-test',
    recordedAt: now,
    trigger: { kind: 'manual', requestedBy: 'trainer-s3-test' },
    asOf: now,
    objectives,
    recipe: { id: 'default', version: 1 },
  });
}

const text = async (key: string) => Buffer.from(await bucketReader.get(key)).toString('utf8');

describe('the trainer with an s3:// artifact store', () => {
  it('puts the TRL-ready JSONL, manifest, run file and model in the bucket, and registers s3:// URIs', async () => {
    const tenant = uniqueTenant('s3');
    await sendAndProject(tenant);
    const runId = await requestRetrain(tenant, ['helpfulness']);
    const run = await platform.finished(tenant, runId);
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
    const [model] = await platform.models.listByRun(tenant, runId);
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
    const comparison = await new ModelRegistryViews(platform.models, bucketReader).compare(
      tenant,
      model.modelVersion,
      model.modelVersion,
    );
    expect(comparison.objectives[0]).toMatchObject({
      sameDataset: true,
      datasetDiff: { added: { count: 0 }, removed: { count: 0 }, relabelled: { count: 0 } },
    });
    expect(comparison.objectives[0].datasetDiff!.unchanged).toBe(manifest.counts.pairs);
  }, 300_000);

  it('is ready only while its bucket answers: /ready names the artifact store, or why it cannot be used', async () => {
    const ready = await fetch(`${platform.trainer!.url}/ready`);
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
