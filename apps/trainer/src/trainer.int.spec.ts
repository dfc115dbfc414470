import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulationOptions } from '@hindsight/quality';
import { freePort, sampleSum, scrapeMetrics, uniqueTenant, waitFor } from '@hindsight/test-support';
import { modelStyledComparisons } from '@hindsight/quality-report';
import { newId, trainerIntFixture } from './testing/trainer-int-fixture';

/*
 * The trainer through the whole platform: simulated comparisons go through the
 * api, Kafka and the projector into PostgreSQL; a retrain.requested is published
 * on the retraining topic; the trainer builds the datasets, gates, trains,
 * registers and announces. The api, projector and trainer of this file use topics
 * of their own (the run's prefix + "trainer."), so no other test's requests reach
 * this trainer and its events reach no other test.
 */
const root = join(__dirname, '../../..');
const platform = trainerIntFixture({ name: 'trainer', trainer: 'by-spec' });
const { artifacts } = platform;

const simulatedComparisons = (options: Omit<SimulationOptions, 'start' | 'end'>) =>
  modelStyledComparisons(options, `trainer-test-${randomBytes(4).toString('hex')}`);

function requestRetrain(
  tenant: string,
  objectives: string[],
  trigger: { policyId: string; recipe: { id: string; version: number } } | undefined,
): Promise<string> {
  const now = new Date();
  return platform.requestRetrain({
    tenant,
    source: 'trainer-test',
    recordedAt: now,
    trigger: trigger
      ? { kind: 'policy', policyId: trigger.policyId, reason: 'cadence' }
      : { kind: 'manual', requestedBy: 'trainer-test' },
    asOf: now,
    objectives,
    recipe: trigger?.recipe ?? { id: 'default', version: 1 },
    ...(trigger ? { period: now.toISOString() } : {}),
  });
}

/** Every event of the tenant's run on the retraining topic, read to its end. */
const runEventsOnTopic = async (tenant: string, runId: string) =>
  (await platform.retrainingEvents()).filter((e) => e.tenant === tenant && e.data.runId === runId);

/** The public announcements among a run's events (the trainer's own records aside). */
const announced = (events: readonly { type: string }[]) =>
  events
    .map((e) => e.type)
    .filter((t) => t.startsWith('retrain.') && t !== 'retrain.run-advanced')
    .sort();

describe('the trainer', () => {
  const goodTenant = uniqueTenant('trainer');
  const completedRuns: string[] = [];

  beforeAll(async () => {
    // 6,000 judgments by 40 raters, two per task, over four model versions 2 logits apart (default shares of biased raters and spammers).
    await platform.sendAndProject(
      goodTenant,
      simulatedComparisons({ raters: 40, comparisons: 6000, overlap: 2, seed: 11, modelStrengths: [0, 2, 4, 6] }),
    );
    await platform.startTrainer();
  }, 240_000);

  it('turns a policy request into one registered model per objective, clearly better than chance on held-out pairs', async () => {
    const policy = await platform.policies.insert({
      id: newId(),
      tenant: goodTenant,
      name: 'sim-policy',
      cadence: 'quarterly',
      timezone: 'UTC',
      objectives: ['helpfulness', 'honesty'],
      // The inline recipe also asks for the conversational export and the KTO file (for an outside trainer).
      recipe: {
        id: 'sim',
        version: 2,
        inline: {
          split: { validation: 0, test: 0.25 },
          outputs: ['trl-conversational', 'kto'],
          gates: { minPairs: 100 },
        },
      },
      catchUp: 'latest-only',
      minNewComparisons: null,
      driftThreshold: null,
      status: 'active',
      createdAt: new Date(),
      pausedAt: null,
      activeSince: new Date(),
    });
    const runId = await requestRetrain(goodTenant, ['helpfulness', 'honesty'], {
      policyId: policy!.id,
      recipe: { id: 'sim', version: 2 },
    });
    const run = await platform.finished(goodTenant, runId);
    completedRuns.push(runId);
    expect(run).toMatchObject({
      state: 'completed',
      policyId: policy!.id,
      failure: null,
      gates: expect.objectContaining({ minPairs: 100, maxFlaggedShare: 0.3 }),
    });

    const registered = await platform.models.listByRun(goodTenant, runId);
    expect(registered.map((m) => m.objective)).toEqual(['helpfulness', 'honesty']);
    for (const model of registered) {
      // About 250 held-out pairs per objective (a quarter of the tasks; the raters of one task give one de-duplicated
      // pair). Under chance (accuracy 0.5) a score above 0.65 on 200 pairs is 4.2 standard errors away (p < 1e-4);
      // the simulated raters mostly follow model strength, which the text reveals, and the trainer scores about 0.77.
      expect(model.metrics.heldOutPairs).toBeGreaterThan(200);
      expect(model.metrics.pairwiseAccuracy).toBeGreaterThan(0.65);
      expect(model.metrics.logLoss).toBeLessThan(Math.log(2));
      expect(model.metrics.expectedCalibrationError).toBeGreaterThanOrEqual(0);
      expect(model).toMatchObject({
        modelVersion: `${model.objective}-${runId}`,
        policyId: policy!.id,
        parentVersion: null,
        recipe: { ref: { id: 'sim', version: 2 } },
      });
      expect(existsSync(new URL(model.artifactUri))).toBe(true);
      expect(existsSync(join(new URL(model.datasetUri).pathname, 'train.jsonl'))).toBe(true);
      const firstRow = JSON.parse(
        readFileSync(join(new URL(model.datasetUri).pathname, 'train.jsonl'), 'utf8').split('\n')[0],
      ) as Record<string, unknown>;
      expect(Object.keys(firstRow)).toEqual(expect.arrayContaining(['prompt', 'chosen', 'rejected']));
    }
    const runFile = JSON.parse(readFileSync(join(artifacts, 'runs', goodTenant, runId, 'run.json'), 'utf8')) as {
      datasets: { objective: string; path: string; files: string[] }[];
    };
    expect(runFile.datasets.map((d) => d.objective)).toEqual(['helpfulness', 'honesty']);
    for (const dataset of runFile.datasets) {
      expect(dataset.files).toEqual([
        'train.jsonl',
        'validation.jsonl',
        'test.jsonl',
        'trl-conversational.train.jsonl',
        'trl-conversational.validation.jsonl',
        'trl-conversational.test.jsonl',
        'kto.train.jsonl',
        'kto.validation.jsonl',
        'kto.test.jsonl',
        'manifest.json',
      ]);
      const dir = join(artifacts, 'runs', goodTenant, runId, dataset.path);
      const pairs = readFileSync(join(dir, 'train.jsonl'), 'utf8').split('\n').filter(Boolean).length;
      expect(
        readFileSync(join(dir, 'trl-conversational.train.jsonl'), 'utf8').split('\n').filter(Boolean),
      ).toHaveLength(pairs);
    }

    const events = await runEventsOnTopic(goodTenant, runId);
    expect(announced(events)).toEqual(['retrain.completed', 'retrain.dataset-built', 'retrain.requested']);
    // The run's record at each state and each registry entry travel too, so both are rebuilt from Kafka.
    expect(events.filter((e) => e.type === 'retrain.run-advanced').map((e) => e.data.state)).toEqual([
      'dataset-built',
      'gated',
      'trained',
      'completed',
    ]);
    expect(events.filter((e) => e.type === 'model.registered').map((e) => e.data.modelVersion)).toEqual(
      registered.map((m) => m.modelVersion),
    );
    const completed = events.find((e) => e.type === 'retrain.completed')!;
    expect((completed.data.models as { objective: string; modelVersion: string }[]).map((m) => m.modelVersion)).toEqual(
      registered.map((m) => m.modelVersion),
    );
    const built = events.find((e) => e.type === 'retrain.dataset-built')!;
    expect((built.data.datasets as { sha256: string }[]).map((d) => d.sha256)).toEqual(
      registered.map((m) => m.datasetSha256),
    );
    // The projector applied them: the read model shows the run completed.
    await waitFor(
      async () =>
        (
          await platform.query<{ status: string }>(
            'SELECT status FROM retrain_runs WHERE tenant = $1 AND run_id = $2',
            [goodTenant, runId],
          )
        )[0]?.status,
      (s) => s === 'completed',
      30_000,
      'the projected run status',
    );
    // Two datasets of 6,000 comparisons, each with two exports, then training: over a minute on a loaded machine.
  }, 240_000);

  it('fails a request whose data fail the quality gates, with the reasons, and trains nothing', async () => {
    const tenant = uniqueTenant('spam');
    // Half of the raters are spammers and a fifth position-biased; nobody judged "fairness".
    await platform.sendAndProject(
      tenant,
      simulatedComparisons({
        raters: 20,
        comparisons: 1500,
        seed: 5,
        spammers: 0.5,
        positionBiased: 0.2,
        lengthBiased: 0,
        groupConflict: 0,
      }),
    );
    const runId = await requestRetrain(tenant, ['helpfulness', 'fairness'], undefined);
    const run = await platform.finished(tenant, runId);
    expect(run.state).toBe('failed');
    expect(await platform.models.listByRun(tenant, runId)).toEqual([]);
    const codes = run.failure?.reasons.map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['too-few-examples', 'flagged-raters-above-threshold']));

    const events = await runEventsOnTopic(tenant, runId);
    expect(announced(events)).toEqual(['retrain.dataset-built', 'retrain.failed', 'retrain.requested']);
    expect(events.filter((e) => e.type === 'retrain.run-advanced').map((e) => e.data.state)).toEqual([
      'dataset-built',
      'failed',
    ]);
    const failed = events.find((e) => e.type === 'retrain.failed')!;
    expect(failed.data.stage).toBe('quality-gate');
    const reasons = failed.data.reasons as { code: string; message: string }[];
    expect(reasons).toContainEqual({
      code: 'too-few-examples',
      message: 'objective fairness: 0 pairs, fewer than the minimum of 50',
    });
    expect(reasons.find((r) => r.code === 'flagged-raters-above-threshold')?.message).toMatch(
      /^objective helpfulness: \d+ of \d+ comparisons \(\d+\.\d %\) come from raters flagged spammer or position-bias/,
    );
  });

  it('serves Prometheus text with the stage durations and outcomes of the runs above and its Kafka sends', async () => {
    const countOf = (m: Awaited<ReturnType<typeof scrapeMetrics>>, name: string, outcome: string) =>
      sampleSum(m, 'hindsight_retrain_stage_duration_seconds_count', { stage: name, outcome });
    // A run's row reads 'failed' or 'completed' once its stage commits; the trainer counts the stage after
    // publishing that stage's outbox, so the scrape waits for the counts rather than racing the publish.
    const metrics = await waitFor(
      () => scrapeMetrics(platform.trainer!.url),
      (m) =>
        countOf(m, 'quality-gate', 'failed') >= 1 &&
        sampleSum(m, 'hindsight_retrain_runs_total', { outcome: 'completed' }) >= completedRuns.length,
      30_000,
      'the trainer to count the runs above',
    );
    const stage = (name: string, outcome: string) => countOf(metrics, name, outcome);
    // The run failed by the quality gates above built its datasets, then failed at the gates.
    expect(stage('dataset', 'done')).toBeGreaterThanOrEqual(1);
    expect(stage('quality-gate', 'failed')).toBeGreaterThanOrEqual(1);
    expect(sampleSum(metrics, 'hindsight_retrain_runs_total', { outcome: 'failed' })).toBeGreaterThanOrEqual(1);
    expect(sampleSum(metrics, 'hindsight_retrain_runs_total', { outcome: 'completed' })).toBe(completedRuns.length);
    expect(sampleSum(metrics, 'hindsight_kafka_produced_messages_total', { outcome: 'acked' })).toBeGreaterThan(0);
    expect(metrics.types.get('hindsight_retrain_stage_duration_seconds')).toBe('histogram');
  });

  it('after kill -9 mid-run and a restart, registers one model per objective and announces completion once', async () => {
    await platform.stopTrainer();
    const children: ChildProcess[] = [];
    const spawnTrainer = async (extra: Record<string, string>) => {
      const child = spawn(process.execPath, [join(root, 'bin/service.js'), 'trainer'], {
        cwd: root,
        env: { ...process.env, ...platform.env, TRAINER_PORT: String(await freePort()), LOG_LEVEL: 'warn', ...extra },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
      return child;
    };
    try {
      // Slowed down after every registered model, so the kill lands between two objectives.
      const victim = await spawnTrainer({ TRAINER_STAGE_PAUSE_MS: '3000' });
      const runId = await requestRetrain(goodTenant, ['harmlessness', 'helpfulness', 'honesty'], undefined);
      await waitFor(
        () => platform.models.listByRun(goodTenant, runId),
        (list) => list.length >= 1,
        180_000,
        'the first model of the run',
      );
      victim.kill('SIGKILL');
      await new Promise((r) => victim.once('exit', r));
      const interrupted = await platform.runs.find({ tenant: goodTenant, runId });
      expect(interrupted?.state).toBe('gated');
      expect((await platform.models.listByRun(goodTenant, runId)).length).toBeLessThan(3);

      await spawnTrainer({});
      const run = await platform.finished(goodTenant, runId);
      expect(run.state).toBe('completed');
      completedRuns.push(runId);
      const [{ attempts }] = await platform.query<{ attempts: number }>(
        'SELECT attempts FROM trainer_run_attempts WHERE tenant = $1 AND run_id = $2',
        [goodTenant, runId],
      );
      expect(attempts).toBeGreaterThanOrEqual(2);
      const registered = await platform.models.listByRun(goodTenant, runId);
      expect(registered.map((m) => m.objective)).toEqual(['harmlessness', 'helpfulness', 'honesty']);
      expect(registered.every((m) => m.metrics.pairwiseAccuracy > 0.6)).toBe(true);
      // The helpfulness model of the first run is the parent of this run's.
      expect(registered.find((m) => m.objective === 'helpfulness')?.parentVersion).toMatch(/^helpfulness-/);

      const events = await runEventsOnTopic(goodTenant, runId);
      expect(events.filter((e) => e.type === 'retrain.completed')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'model.registered')).toHaveLength(3);
      expect(events.filter((e) => e.type === 'retrain.dataset-built')).toHaveLength(1);
    } finally {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 400_000);

  it('lists, shows and compares registered models through the api', async () => {
    expect(completedRuns).toHaveLength(2);
    const [first, second] = completedRuns;
    const { key } = await platform.api.issueKey({ tenant: goodTenant, scopes: ['read'] });
    const get = async (path: string) => {
      const response = await fetch(`${platform.api.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const list = (await get('/v1/models?objective=helpfulness')).body.models as {
      modelVersion: string;
      runId: string;
    }[];
    expect(list.map((m) => m.modelVersion)).toEqual([`helpfulness-${second}`, `helpfulness-${first}`]);
    expect((await get(`/v1/models/honesty-${first}`)).body).toMatchObject({
      objective: 'honesty',
      runId: first,
      datasetCounts: { pairs: expect.any(Number) },
    });
    expect((await get('/v1/models/nothing-here')).status).toBe(404);

    const { status, body } = await get(`/v1/models/compare?a=${first}&b=${second}`);
    expect(status).toBe(200);
    const objectives = body.objectives as {
      objective: string;
      a: { policyId: string | null };
      b: { policyId: string | null };
      metrics: { name: string; a: number; b: number; delta: number }[];
      sameDataset: boolean;
      datasetDiff: { added: { count: number }; removed: { count: number }; unchanged: number };
    }[];
    // The two runs share helpfulness and honesty; the first came from the policy, the second was manual.
    expect(objectives.map((o) => o.objective)).toEqual(['helpfulness', 'honesty']);
    for (const o of objectives) {
      expect(o.a.policyId).not.toBeNull();
      expect(o.b.policyId).toBeNull();
      const accuracy = o.metrics.find((m) => m.name === 'pairwiseAccuracy')!;
      expect(accuracy.delta).toBeCloseTo(accuracy.b - accuracy.a, 12);
      // Same comparisons, a different recipe (split): different files, but no pair added or removed.
      expect(o.sameDataset).toBe(false);
      expect(o.datasetDiff).toMatchObject({ added: { count: 0 }, removed: { count: 0 } });
      expect(o.datasetDiff.unchanged).toBeGreaterThan(500);
    }
    expect((await get(`/v1/models/compare?a=${first}`)).body).toMatchObject({
      error: 'validation',
      issues: [{ path: 'b', rule: 'required: a model version or a run id' }],
    });
  });
});
