import pino from 'pino';
import { ValidationError, type HindsightEvent, type RetrainStage } from '@hindsight/contracts';
import { simulatePopulation } from '@hindsight/quality';
import type { RunRef, TrainerRunRow } from '@hindsight/store';
import { DEFAULT_GATE_THRESHOLDS, InMemoryArtifactStore, modelKey, runFileKey } from '@hindsight/training';
import { RetrainPipeline, type StageOutcome } from './retrain-pipeline';
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
const population = simulatePopulation({ raters: 20, comparisons: 240, overlap: 2, seed: 11, spammers: 0, positionBiased: 0, lengthBiased: 0, groupConflict: 0, modelStrengths: [0, 2, 4, 6] });
const objective = population.comparisons[0].objective;

function harness(options: { comparisons?: typeof population.comparisons; objectives?: readonly string[] } = {}) {
  const tenant = 'acme';
  const runId = fixedId(recordedAt, 'run-1');
  const records = new InMemoryTrainerRecords();
  const sources = new InMemoryPointInTime().record(tenant, history, options.comparisons ?? population.comparisons, population.raters);
  const artifacts = new InMemoryArtifactStore();
  let tick = 0;
  const stages: [RetrainStage, StageOutcome][] = [];
  const finished: string[] = [];
  const settings: TrainerSettings = { groupId: 'unit', artifacts, gates: DEFAULT_GATE_THRESHOLDS, pollMs: 10, l2: 0.001, maxIterations: 20, maxAttempts: 5, stagePauseMs: 0 };
  const deps = {
    datasets: sources,
    quality: sources,
    runs: records,
    models: records,
    outcomes: sources,
    policies: { find: async () => undefined },
    requests: { find: async () => undefined },
    publishOutbox: (run: RunRef) => records.publish(run),
    settings,
    now: () => new Date(recordedAt.getTime() + ++tick * 1000),
    codeVersion: 'unit-test',
    logger: pino({ enabled: false }),
    observer: { stage: (stage: RetrainStage, _seconds: number, outcome: StageOutcome) => void stages.push([stage, outcome]), finished: (outcome: string) => void finished.push(outcome) },
  };
  const request = async (spec: { recipe?: { id: string; version: number } } = {}) => {
    const event = retrainRequest({ tenant, runId, asOf, recordedAt, objectives: options.objectives ?? [objective] });
    await records.request(spec.recipe ? { ...event, data: { ...event.data, recipe: spec.recipe } } : event);
    return (await records.find({ tenant, runId })) as TrainerRunRow;
  };
  return { records, sources, artifacts, deps, stages, finished, request, pipeline: () => new RetrainPipeline(deps), run: { tenant, runId } };
}

const typesOf = (events: readonly HindsightEvent[]) => events.map((e) => e.type);

describe('RetrainPipeline (in-memory ports)', () => {
  it('completes a run: datasets, gates, a registered model, each stage published once and in order', async () => {
    const h = harness();
    const done = await h.pipeline().process(await h.request());

    expect(done.state).toBe('completed');
    expect(done.gateReport).toMatchObject({ passed: true, reasons: [] });
    expect(typesOf(h.records.published)).toEqual(['retrain.dataset-built', 'retrain.run-advanced', 'retrain.run-advanced', 'model.registered', 'retrain.run-advanced', 'retrain.completed', 'retrain.run-advanced']);
    const [model] = await h.records.listByRun(h.run.tenant, h.run.runId);
    expect(model).toMatchObject({ objective, modelVersion: `${objective}-${h.run.runId}`, parentVersion: null, codeVersion: 'unit-test' });
    expect(model.metrics.pairwiseAccuracy).toBeGreaterThan(0.6);
    // The model and the run file are in the store, where the registry says.
    expect(model.artifactUri).toBe(h.artifacts.uriOf(modelKey(h.run.tenant, model.modelVersion)));
    expect(JSON.parse(Buffer.from(await h.artifacts.get(modelKey(h.run.tenant, model.modelVersion))).toString('utf8'))).toMatchObject({ format: expect.any(String) });
    expect(JSON.parse(Buffer.from(await h.artifacts.get(runFileKey(h.run.tenant, h.run.runId))).toString('utf8'))).toMatchObject({ runId: h.run.runId, datasets: [{ objective }] });
    expect(h.stages).toEqual([['dataset', 'done'], ['quality-gate', 'done'], ['training', 'done'], ['publish', 'done']]);
    expect(h.finished).toEqual(['completed']);
  });
});
