import pino from 'pino';
import { ValidationError, type HindsightEvent, type RetrainStage } from '@hindsight/contracts';
import { simulatePopulation } from '@hindsight/quality';
import type { RunRef, TrainerRunRow } from '@hindsight/store';
import { DEFAULT_GATE_THRESHOLDS, InMemoryArtifactStore, modelKey, runFileKey } from '@hindsight/training';
import { RetrainPipeline, type RetrainPipelineDependencies, type StageOutcome } from './retrain-pipeline';
import type { TrainerSettings } from '../trainer-settings';
import { InMemoryPointInTime } from './testing/in-memory-sources';
import { InMemoryTrainerRecords } from './testing/in-memory-trainer-records';
import { fixedId, retrainRequest } from './testing/retrain-fixtures';

/*
 * The retrain use case (RetrainPipeline) on in-memory ports: each fake runs the
 * same contract as the real implementation (InMemoryArtifactStore,
 * InMemoryTrainerRecords, InMemoryPointInTime). No Kafka, no PostgreSQL, no clock:
 * time comes from `now`, ids from the request.
 */
const asOf = new Date('2026-03-01T00:00:00.000Z');
const recordedAt = new Date('2026-03-01T06:00:00.000Z');
const history = new Date('2026-02-01T00:00:00.000Z');
// Simulated raters who agree with a planted ranking of four model versions: enough pairs and agreement to pass the default gates.
const population = simulatePopulation({
  raters: 20,
  comparisons: 240,
  overlap: 2,
  seed: 11,
  spammers: 0,
  positionBiased: 0,
  lengthBiased: 0,
  groupConflict: 0,
  modelStrengths: [0, 2, 4, 6],
});
// The simulator judges three objectives; the runs here retrain one (or two).
const objective = 'helpfulness';

function harness(options: { comparisons?: typeof population.comparisons; objectives?: readonly string[] } = {}) {
  const tenant = 'acme';
  const runId = fixedId(recordedAt, 'run-1');
  const records = new InMemoryTrainerRecords();
  const sources = new InMemoryPointInTime().record(
    tenant,
    history,
    options.comparisons ?? population.comparisons,
    population.raters,
  );
  const artifacts = new InMemoryArtifactStore();
  let tick = 0;
  const stages: [RetrainStage, StageOutcome][] = [];
  const finished: string[] = [];
  const settings: TrainerSettings = {
    groupId: 'unit',
    artifacts,
    gates: DEFAULT_GATE_THRESHOLDS,
    pollMs: 10,
    l2: 0.001,
    maxIterations: 3,
    maxAttempts: 5,
    groupMinPairs: 100,
    stagePauseMs: 0,
  };
  const deps: RetrainPipelineDependencies = {
    datasets: sources,
    quality: sources,
    runs: records,
    models: records,
    outcomes: sources,
    policies: { find: async () => undefined },
    requests: { find: async () => undefined },
    blends: { inEffect: async () => undefined },
    publishOutbox: (run: RunRef) => records.publish(run),
    settings,
    clock: { now: () => new Date(recordedAt.getTime() + ++tick * 1000) },
    codeVersion: 'unit-test',
    logger: pino({ enabled: false }),
    observer: {
      stage: (stage: RetrainStage, _seconds: number, outcome: StageOutcome) => void stages.push([stage, outcome]),
      finished: (outcome: string) => void finished.push(outcome),
    },
  };
  const request = async (spec: { recipe?: { id: string; version: number }; runId?: string; asOf?: Date } = {}) => {
    const id = spec.runId ?? runId;
    const event = retrainRequest({
      tenant,
      runId: id,
      asOf: spec.asOf ?? asOf,
      recordedAt,
      objectives: options.objectives ?? [objective],
    });
    await records.request(spec.recipe ? { ...event, data: { ...event.data, recipe: spec.recipe } } : event);
    return (await records.find({ tenant, runId: id })) as TrainerRunRow;
  };
  return {
    records,
    sources,
    artifacts,
    deps: deps as { -readonly [K in keyof RetrainPipelineDependencies]: RetrainPipelineDependencies[K] },
    stages,
    finished,
    request,
    pipeline: () => new RetrainPipeline(deps),
    run: { tenant, runId },
  };
}

const typesOf = (events: readonly HindsightEvent[]) => events.map((e) => e.type);

describe('RetrainPipeline (in-memory ports)', () => {
  it('completes a run: datasets, gates, a registered model, each stage published once and in order', async () => {
    const h = harness();
    const done = await h.pipeline().process(await h.request());

    expect(done.state).toBe('completed');
    expect(done.gateReport).toMatchObject({ passed: true, reasons: [] });
    expect(typesOf(h.records.published)).toEqual([
      'retrain.dataset-built',
      'retrain.run-advanced',
      'retrain.run-advanced',
      'model.registered',
      'retrain.run-advanced',
      'retrain.completed',
      'retrain.run-advanced',
    ]);
    const [model] = await h.records.listByRun(h.run.tenant, h.run.runId);
    expect(model).toMatchObject({
      objective,
      modelVersion: `${objective}-${h.run.runId}`,
      parentVersion: null,
      codeVersion: 'unit-test',
    });
    expect(model.metrics.pairwiseAccuracy).toBeGreaterThan(0.6);
    // The model and the run file are in the store, where the registry says.
    expect(model.artifactUri).toBe(h.artifacts.uriOf(modelKey(h.run.tenant, model.modelVersion)));
    expect(
      JSON.parse(Buffer.from(await h.artifacts.get(modelKey(h.run.tenant, model.modelVersion))).toString('utf8')),
    ).toMatchObject({ format: expect.any(String) });
    expect(
      JSON.parse(Buffer.from(await h.artifacts.get(runFileKey(h.run.tenant, h.run.runId))).toString('utf8')),
    ).toMatchObject({ runId: h.run.runId, datasets: [{ objective }] });
    expect(h.stages).toEqual([
      ['dataset', 'done'],
      ['quality-gate', 'done'],
      ['training', 'done'],
      ['publish', 'done'],
    ]);
    expect(h.finished).toEqual(['completed']);
  });

  it('fails a run at the quality gate with the gate reasons recorded, and trains nothing', async () => {
    // 20 judgments: fewer pairs than the default gate's 50.
    const h = harness({ comparisons: population.comparisons.slice(0, 20) });
    const done = await h.pipeline().process(await h.request());

    expect(done.state).toBe('failed');
    expect(done.failure).toMatchObject({
      stage: 'quality-gate',
      reasons: expect.arrayContaining([expect.objectContaining({ code: 'too-few-examples' })]),
    });
    expect(done.gateReport).toMatchObject({ passed: false });
    expect(await h.records.listByRun(h.run.tenant, h.run.runId)).toEqual([]);
    expect(typesOf(h.records.published)).toEqual([
      'retrain.dataset-built',
      'retrain.run-advanced',
      'retrain.failed',
      'retrain.run-advanced',
    ]);
    expect(h.records.published[2].data).toMatchObject({ stage: 'quality-gate' });
    expect(h.stages).toEqual([
      ['dataset', 'done'],
      ['quality-gate', 'failed'],
    ]);
    expect(h.finished).toEqual(['failed']);
  });

  it('fails a run at the stage that cannot go on, with its coded reason recorded (a recipe that does not exist)', async () => {
    const h = harness();
    const done = await h.pipeline().process(await h.request({ recipe: { id: 'nightly', version: 3 } }));

    expect(done.state).toBe('failed');
    expect(done.failure).toEqual({
      stage: 'dataset',
      reasons: [
        {
          code: 'recipe-not-found',
          message: 'recipe nightly v3 is neither the default recipe nor the inline recipe of a policy',
        },
      ],
    });
    expect(done.finishedAt).not.toBeNull();
    expect(typesOf(h.records.published)).toEqual(['retrain.failed', 'retrain.run-advanced']);
    expect(await h.artifacts.list(`runs`)).toEqual([]);
    expect(h.stages).toEqual([['dataset', 'failed']]);
  });

  it('fails a run on bad data (a coded validation error of a stage) as invalid-data at that stage', async () => {
    const h = harness();
    h.deps.quality = {
      load: async () =>
        Promise.reject(new ValidationError([{ path: 'comparisons[3].choice', rule: 'must name a shown response' }])),
    };
    const done = await h.pipeline().process(await h.request());

    expect(done.state).toBe('failed');
    expect(done.failure).toEqual({
      stage: 'quality-gate',
      reasons: [{ code: 'invalid-data', message: 'comparisons[3].choice: must name a shown response' }],
    });
    expect(h.stages).toEqual([
      ['dataset', 'done'],
      ['quality-gate', 'failed'],
    ]);
  });

  it('leaves a run where it stands on a transient error, for the worker to retry', async () => {
    const h = harness();
    h.deps.quality = { load: async () => Promise.reject(new Error('connection terminated unexpectedly')) };
    await expect(h.pipeline().process(await h.request())).rejects.toThrow('connection terminated unexpectedly');

    expect((await h.records.find(h.run))?.state).toBe('dataset-built');
    expect(h.stages).toEqual([
      ['dataset', 'done'],
      ['quality-gate', 'error'],
    ]);
    expect(h.finished).toEqual([]);
  });

  it('resumed after a crash between stages (committed, not yet published), ends as an uninterrupted run does, every event published once', async () => {
    const clean = harness();
    const expected = await clean.pipeline().process(await clean.request());

    const h = harness();
    let calls = 0;
    // The process dies after the quality gate's commit, before its events reached Kafka.
    h.deps.publishOutbox = async (run) => {
      if (++calls === 2) throw new Error('killed');
      await h.records.publish(run);
    };
    await expect(h.pipeline().process(await h.request())).rejects.toThrow('killed');
    expect((await h.records.find(h.run))?.state).toBe('gated');

    // A new process finds the run in the store and starts again at its state.
    h.deps.publishOutbox = (run) => h.records.publish(run);
    const done = await h.pipeline().process((await h.records.find(h.run))!);

    expect(done.state).toBe('completed');
    expect(typesOf(h.records.published)).toEqual(typesOf(clean.records.published));
    expect(new Set(h.records.published.map((e) => e.id)).size).toBe(h.records.published.length);
    expect(h.records.published.map((e) => e.id)).toEqual(clean.records.published.map((e) => e.id));
    const [model] = await h.records.listByRun(h.run.tenant, h.run.runId);
    const [cleanModel] = await clean.records.listByRun(clean.run.tenant, clean.run.runId);
    expect({ sha: model.datasetSha256, metrics: model.metrics }).toEqual({
      sha: cleanModel.datasetSha256,
      metrics: cleanModel.metrics,
    });
    expect({ datasets: done.datasets, gateReport: done.gateReport }).toEqual({
      datasets: expected.datasets,
      gateReport: expected.gateReport,
    });
  });

  it('resumed after a crash between two objectives models, trains only the one not yet registered', async () => {
    const second = 'honesty';
    const comparisons = population.comparisons;
    const h = harness({ comparisons, objectives: [objective, second] });
    const register = h.records.registerModel.bind(h.records);
    const registered: string[] = [];
    let crash = true;
    h.deps.runs = {
      find: (run) => h.records.find(run),
      advance: (...args) => h.records.advance(...args),
      registerModel: async (run, event, at) => {
        registered.push((event.data as { objective: string }).objective);
        const created = await register(run, event, at);
        if (crash && registered.length === 1) throw new Error('killed after the first model');
        return created;
      },
    };
    await expect(h.pipeline().process(await h.request())).rejects.toThrow('killed after the first model');
    expect((await h.records.find(h.run))?.state).toBe('gated');

    crash = false;
    const done = await h.pipeline().process((await h.records.find(h.run))!);

    expect(done.state).toBe('completed');
    // The first objective's model was kept, not trained again.
    expect(registered).toEqual([objective, second]);
    expect((await h.records.listByRun(h.run.tenant, h.run.runId)).map((m) => m.objective)).toEqual([objective, second]);
    expect(typesOf(h.records.published).filter((t) => t === 'model.registered')).toHaveLength(2);
    expect(h.records.published.find((e) => e.type === 'retrain.completed')?.data).toMatchObject({
      models: [{ objective }, { objective: second }],
    });
  });

  it('gives up on a run the worker retried too often: failed at the stage with the reasons, counted once as a failed run', async () => {
    const h = harness();
    h.deps.quality = { load: async () => Promise.reject(new Error('statement timeout')) };
    await expect(h.pipeline().process(await h.request())).rejects.toThrow('statement timeout');
    const stuck = (await h.records.find(h.run))!;

    await h
      .pipeline()
      .giveUp(stuck, 'quality-gate', [
        { code: 'too-many-attempts', message: 'gave up after 5 attempts: statement timeout' },
      ]);

    const failed = await h.records.find(h.run);
    expect(failed).toMatchObject({
      state: 'failed',
      failure: {
        stage: 'quality-gate',
        reasons: [{ code: 'too-many-attempts', message: 'gave up after 5 attempts: statement timeout' }],
      },
    });
    // The datasets built before stay on the run's record.
    expect(failed?.datasets).toEqual(stuck.datasets);
    expect(typesOf(h.records.published).slice(-2)).toEqual(['retrain.failed', 'retrain.run-advanced']);
    expect(h.finished).toEqual(['failed']);
  });

  it("registers a later run's model as the child of the model trained on earlier data", async () => {
    const h = harness();
    const first = await h.pipeline().process(await h.request());
    const laterRun = fixedId(recordedAt, 'run-2');
    await h.pipeline().process(await h.request({ runId: laterRun, asOf: new Date(asOf.getTime() + 86_400_000) }));

    const [parent] = await h.records.listByRun(h.run.tenant, first.runId);
    const [child] = await h.records.listByRun(h.run.tenant, laterRun);
    expect(child).toMatchObject({ modelVersion: `${objective}-${laterRun}`, parentVersion: parent.modelVersion });
    expect(
      h.records.published
        .filter((e) => e.type === 'model.registered')
        .map((e) => (e.data as { parentVersion: string | null }).parentVersion),
    ).toEqual([null, parent.modelVersion]);
  });
});
