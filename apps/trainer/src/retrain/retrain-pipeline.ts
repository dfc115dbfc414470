import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { Clock, HindsightError, NotFoundError, type RetrainStage } from '@hindsight/contracts';
import type { DatasetRow } from '@hindsight/datasets';
import { buildQualityReport } from '@hindsight/quality';
import {
  evaluateRewardModel,
  scoreResponse,
  serializeRewardModel,
  trainRewardModel,
  type RewardModel,
} from '@hindsight/reward-model';
import type { QualityInput } from '@hindsight/quality-report';
import type {
  RetrainPolicyRepository,
  RetrainRequestRepository,
  RunDataset,
  RunRef,
  TrainerRunRow,
  TrainerRunState,
} from '@hindsight/store';
import {
  childKey,
  datasetKey,
  evaluateQualityGates,
  modelKey,
  outcomeAgreement,
  readPerGroupSpec,
  readRetrainRecipe,
  resolveGateThresholds,
  runEvent,
  runFileKey,
  type ArtifactStore,
  type RetrainRecipe,
} from '@hindsight/training';
import type { TrainerSettings } from '../trainer-settings';
import type { DatasetPair } from './retrain-ports';
import type {
  BlendWeightsSource,
  DatasetBuilder,
  QualityInputSource,
  RetrainModels,
  RetrainOutcomes,
  RetrainRuns,
} from './retrain-ports';
import { trainObjectiveFamily, type FamilyRecord } from './train-objective-family';
import { advanced, eventSpec, registered as registeredEvent, registryManifest } from './run-record-events';

export interface RetrainPipelineDependencies {
  readonly datasets: DatasetBuilder;
  readonly quality: QualityInputSource;
  readonly runs: RetrainRuns;
  readonly models: RetrainModels;
  readonly outcomes: RetrainOutcomes;
  readonly policies: Pick<RetrainPolicyRepository, 'find'>;
  readonly requests: Pick<RetrainRequestRepository, 'find'>;
  /** Governance's blend weights in effect at a run's as-of time (per-group runs). */
  readonly blends: BlendWeightsSource;
  /** Publishes the run's unpublished outbox rows (resolves once Kafka acknowledged). */
  readonly publishOutbox: (run: RunRef) => Promise<void>;
  readonly settings: TrainerSettings;
  readonly clock: Clock;
  readonly codeVersion: string;
  readonly logger: Logger;
  /** Told how each stage went and how each run ended (metrics); nothing when not given. */
  readonly observer?: RetrainObserver;
}

/** `done`: the run moved on; `failed`: the stage failed the run; `error`: a transient error the worker retries. */
export type StageOutcome = 'done' | 'failed' | 'error';

export interface RetrainObserver {
  stage(stage: RetrainStage, seconds: number, outcome: StageOutcome): void;
  finished(outcome: 'completed' | 'failed'): void;
}

/** A reason the run cannot go on: it fails at `stage` with these coded reasons (no retry). */
export class RunFailure extends Error {
  constructor(
    readonly stage: RetrainStage,
    readonly reasons: readonly { code: string; message: string }[],
  ) {
    super(reasons.map((r) => r.message).join('; '));
  }
}

const STAGE_OF: Record<TrainerRunState, RetrainStage> = {
  requested: 'dataset',
  'dataset-built': 'quality-gate',
  gated: 'training',
  trained: 'publish',
  completed: 'publish',
  failed: 'publish',
};

/** Interactions with outcomes read per run to audit each model against outcomes. */
const MAX_OUTCOME_INTERACTIONS = 50_000;
const TRAINING_SEED = 1;

/**
 * One retrain, stage by stage, each stage ending in one transaction that moves
 * the run's state (compare-and-set): it writes the run's row from the stage's
 * `retrain.run-advanced` (the run's whole record) and puts that event, and the
 * stage's public announcement if any, into the outbox; they are published after
 * the commit. Each registered model is its own `model.registered`, written and
 * put in the outbox the same way. So every row the trainer writes is a row the
 * projector rebuilds from Kafka.
 *
 * requested → (build one point-in-time dataset per objective) → dataset-built
 * → (quality gates) → gated | failed → (train, evaluate, register each objective;
 * an objective already registered is skipped) → trained → completed.
 *
 * A run resumed after a crash starts again at its state: the dataset build is
 * deterministic (same bytes), models are registered under a unique
 * (tenant, run, objective), and every event has a fixed id and idempotency key.
 */
export class RetrainPipeline {
  constructor(private readonly deps: RetrainPipelineDependencies) {}

  /** Runs the run to completion or failure from wherever it stands. Transient errors propagate (the worker retries). */
  async process(start: TrainerRunRow): Promise<TrainerRunRow> {
    let run = start;
    const log = this.deps.logger.child({ runId: run.runId, tenant: run.tenant });
    while (run.state !== 'completed' && run.state !== 'failed') {
      log.info({ state: run.state, stage: STAGE_OF[run.state] }, 'retrain stage starting');
      const started = performance.now();
      const observe = (outcome: StageOutcome) =>
        this.deps.observer?.stage(STAGE_OF[run.state], (performance.now() - started) / 1000, outcome);
      try {
        switch (run.state) {
          case 'requested':
            await this.buildDatasets(run, log);
            break;
          case 'dataset-built':
            await this.gate(run, log);
            break;
          case 'gated':
            await this.train(run, log);
            break;
          case 'trained':
            await this.complete(run);
            break;
          default:
            return assertNever(run.state);
        }
      } catch (error) {
        const failure = error instanceof RunFailure ? error : permanentFailure(error, STAGE_OF[run.state]);
        if (!failure) {
          observe('error');
          throw error;
        }
        await this.fail(run, failure.stage, failure.reasons);
      }
      await this.deps.publishOutbox(run);
      const next = await this.deps.runs.find(run);
      if (!next) throw new Error(`run ${run.runId} disappeared`);
      if (next.state === run.state) throw new Error(`run ${run.runId} did not leave state ${run.state}`);
      observe(next.state === 'failed' ? 'failed' : 'done');
      if (next.state === 'completed' || next.state === 'failed') this.deps.observer?.finished(next.state);
      log.info({ from: run.state, to: next.state }, next.state === 'failed' ? 'retrain failed' : 'retrain stage done');
      run = next;
      await this.pause();
    }
    return run;
  }

  /** Fails a run the worker gave up on (too many attempts), as `fail` does, and counts it as a failed run. */
  async giveUp(
    run: TrainerRunRow,
    stage: RetrainStage,
    reasons: readonly { code: string; message: string }[],
  ): Promise<void> {
    await this.fail(run, stage, reasons);
    this.deps.observer?.finished('failed');
  }

  /** Fails an unfinished run (e.g. after too many attempts) and publishes retrain.failed. */
  async fail(
    run: TrainerRunRow,
    stage: RetrainStage,
    reasons: readonly { code: string; message: string }[],
  ): Promise<void> {
    const at = this.deps.clock.now();
    const failure = { stage, reasons: reasons.map((r) => ({ code: r.code, message: r.message.slice(0, 2000) })) };
    const events = [
      runEvent('failed', { ...eventSpec(run, at), data: { runId: run.runId, ...failure } }),
      advanced(run, at, 'failed', { failure }),
    ];
    await this.deps.runs.advance(run, ['requested', 'dataset-built', 'gated', 'trained'], events, at);
    await this.deps.publishOutbox(run);
  }

  private async buildDatasets(run: TrainerRunRow, log: Logger): Promise<void> {
    const request = run.request;
    const { objectives, asOf } = request.data;
    const resolved = await this.resolveRecipe(run);
    const { policyId } = resolved;
    // A request's perGroup (`hindsight retrain --per-group`) overrides the recipe's; the run's record keeps it.
    const document =
      request.data.perGroup === undefined
        ? resolved.document
        : { ...resolved.document, perGroup: request.data.perGroup };
    const { gates: _gates, ...recipeDocument } = document;
    let retrainRecipe: RetrainRecipe;
    try {
      retrainRecipe = readRetrainRecipe(document, this.deps.settings.gates);
    } catch (error) {
      throw new RunFailure('dataset', [{ code: 'invalid-recipe', message: errorMessage(error) }]);
    }
    const gates = retrainRecipe.gates;
    const store = this.deps.settings.artifacts;
    const datasets: RunDataset[] = [];
    const filesOf = new Map<string, string[]>();
    for (const objective of objectives) {
      const recipe = retrainRecipe.datasetRecipeFor(objective);
      const key = datasetKey(run.tenant, run.runId, objective);
      let lastLogged = 0;
      const manifest = await this.deps.datasets.build(store, key, {
        tenant: run.tenant,
        asOf,
        recipe,
        codeVersion: this.deps.codeVersion,
        onProgress: (done, total) => {
          if (done - lastLogged >= 5000 || done === total) {
            lastLogged = done;
            log.info({ objective, done, total }, 'building dataset');
          }
        },
      });
      datasets.push({
        objective,
        sha256: manifest.sha256,
        examples: manifest.counts.pairs,
        bySplit: manifest.counts.bySplit,
        uri: store.uriOf(key),
        manifestUri: store.uriOf(childKey(key, 'manifest.json')),
      });
      filesOf.set(objective, [
        ...manifest.files.map((f) => f.name).filter((n) => n !== 'excluded.jsonl'),
        'manifest.json',
      ]);
      log.info(
        { objective, pairs: manifest.counts.pairs, bySplit: manifest.counts.bySplit, sha256: manifest.sha256 },
        'dataset built',
      );
    }
    // Written after every dataset of the run is stored: a reader that finds run.json finds them complete.
    await store.put(
      runFileKey(run.tenant, run.runId),
      `${JSON.stringify(
        {
          format: 'hindsight.retrain-run',
          version: 1,
          runId: run.runId,
          tenant: run.tenant,
          asOf,
          recipe: request.data.recipe,
          // What an external trainer (k8s/jobs/trl-reward-trainer.yaml) reads: TRL's prompt/chosen/rejected(/margin) JSONL per objective,
          // and the exports the recipe asked for (kto.train.jsonl, corrections.train.parquet, …).
          datasets: datasets.map((d) => ({
            objective: d.objective,
            path: `dataset/${d.objective}`,
            uri: d.uri,
            files: filesOf.get(d.objective),
            sha256: d.sha256,
            bySplit: d.bySplit,
          })),
        },
        null,
        2,
      )}\n`,
    );
    const at = this.deps.clock.now();
    const events = [
      runEvent('dataset-built', {
        ...eventSpec(run, at),
        data: {
          runId: run.runId,
          asOf: new Date(asOf).toISOString(),
          datasets: datasets.map((d) => ({
            objective: d.objective,
            sha256: d.sha256,
            examples: d.examples,
            manifestUri: d.manifestUri,
          })),
          codeVersion: this.deps.codeVersion,
        },
      }),
      advanced(run, at, 'dataset-built', {
        policyId,
        recipe: { ref: request.data.recipe, document: recipeDocument },
        gates: { ...gates },
        datasets: datasets.map((d) => ({ ...d, bySplit: { ...d.bySplit } })),
      }),
    ];
    await this.deps.runs.advance(run, 'requested', events, at);
  }

  /** The recipe document of the request: the policy's inline recipe when the policy names the same id and version, the defaults for `default`. */
  private async resolveRecipe(
    run: TrainerRunRow,
  ): Promise<{ policyId: string | null; document: Record<string, unknown> }> {
    const { trigger, recipe } = run.request.data;
    // Run ids are unique per tenant only: the request looked up is this tenant's.
    const policyId =
      trigger.kind === 'policy'
        ? trigger.policyId
        : (trigger.policyId ?? (await this.deps.requests.find(run.tenant, run.runId))?.policyId ?? null);
    const policy = policyId === null ? undefined : await this.deps.policies.find(run.tenant, policyId);
    if (policy && policy.recipe.id === recipe.id && policy.recipe.version === recipe.version)
      return { policyId, document: { ...(policy.recipe.inline ?? {}) } };
    if (recipe.id === 'default') return { policyId, document: {} };
    throw new RunFailure('dataset', [
      {
        code: 'recipe-not-found',
        message: `recipe ${recipe.id} v${recipe.version} is neither the default recipe nor the inline recipe of ${policyId === null ? 'a policy' : `policy ${policyId}`}`,
      },
    ]);
  }

  private async gate(run: TrainerRunRow, log: Logger): Promise<void> {
    const request = run.request;
    const datasets = run.datasets ?? [];
    // The run's gates as its recipe wrote them (possibly partial), over the environment's.
    const thresholds = resolveGateThresholds(this.deps.settings.gates, run.gates, 'gates');
    const objectives = new Set(request.data.objectives);
    const input = await this.deps.quality.load(run.tenant, request.data.asOf);
    const comparisons = input.comparisons.filter((c) => objectives.has(c.objective));
    const report = comparisons.length === 0 ? undefined : buildQualityReport({ comparisons, raters: input.raters });
    const outcome = evaluateQualityGates(
      {
        objectives: [...objectives],
        pairsByObjective: Object.fromEntries(datasets.map((d) => [d.objective, d.examples])),
        judgments: comparisons,
        raterFlags: new Map((report?.raters ?? []).map((r) => [r.rater, r.flags])),
        agreement: report?.agreementByTaskType ?? [],
      },
      thresholds,
    );
    const gateReport = {
      passed: outcome.passed,
      reasons: outcome.reasons,
      thresholds: outcome.thresholds,
      byObjective: outcome.byObjective,
      pooledKappa: outcome.pooledKappa,
      comparisons: comparisons.length,
      raters: report?.totals.raters ?? 0,
      flaggedRaters: report?.totals.byFlag ?? {},
    };
    log.info(
      {
        passed: outcome.passed,
        reasons: outcome.reasons.map((r) => r.code),
        pooledKappa: outcome.pooledKappa,
        byObjective: outcome.byObjective,
      },
      'quality gates evaluated',
    );
    const at = this.deps.clock.now();
    if (!outcome.passed) {
      const failure = {
        stage: 'quality-gate' as const,
        reasons: outcome.reasons.map((r) => ({ code: r.code, message: r.message })),
      };
      const events = [
        runEvent('failed', { ...eventSpec(run, at), data: { runId: run.runId, ...failure } }),
        advanced(run, at, 'failed', { gateReport, failure }),
      ];
      await this.deps.runs.advance(run, 'dataset-built', events, at);
      return;
    }
    await this.deps.runs.advance(run, 'dataset-built', [advanced(run, at, 'gated', { gateReport })], at);
  }

  private async train(run: TrainerRunRow, log: Logger): Promise<void> {
    const request = run.request;
    const asOf = new Date(request.data.asOf);
    const datasets = run.datasets ?? [];
    const store = this.deps.settings.artifacts;
    const registered = new Set((await this.deps.models.listByRun(run.tenant, run.runId)).map((m) => m.objective));
    const perGroup = readPerGroupSpec((run.recipe?.document as Record<string, unknown> | undefined)?.perGroup);
    let quality: QualityInput | undefined;
    let outcomes: Awaited<ReturnType<RetrainOutcomes['interactionOutcomes']>> | undefined;
    for (const dataset of datasets) {
      if (registered.has(dataset.objective)) {
        log.info({ objective: dataset.objective }, 'model already registered by an earlier attempt; skipping');
        continue;
      }
      const objectiveLog = log.child({ objective: dataset.objective });
      // Read from the store, not a local folder: a run resumed on another machine (a rescheduled pod) finds them there.
      // The build where the run recorded it (a run resumed across a change of layout still finds it).
      const key = store.keyOf(dataset.uri) ?? datasetKey(run.tenant, run.runId, dataset.objective);
      const trainRows = await readPairs(store, childKey(key, 'train.jsonl'));
      let heldOutRows = await readPairs(store, childKey(key, 'test.jsonl'));
      let heldOutSplit = 'test';
      if (heldOutRows.length === 0) {
        heldOutRows = await readPairs(store, childKey(key, 'validation.jsonl'));
        heldOutSplit = 'validation';
      }
      const trainPairs = trainRows.map((r) => r.pair);
      const heldOut = heldOutRows.map((r) => r.pair);
      if (trainPairs.length === 0)
        throw new RunFailure('training', [
          { code: 'no-training-pairs', message: `objective ${dataset.objective}: the train split is empty` },
        ]);
      if (heldOut.length === 0)
        throw new RunFailure('evaluation', [
          {
            code: 'no-held-out-pairs',
            message: `objective ${dataset.objective}: the test and validation splits are empty`,
          },
        ]);
      objectiveLog.info(
        { trainingPairs: trainPairs.length, heldOutPairs: heldOut.length, heldOutSplit },
        'training reward model',
      );
      const modelVersion = `${dataset.objective}-${run.runId}`;
      let model: RewardModel;
      let family: FamilyRecord | null = null;
      if (perGroup) {
        quality ??= await this.deps.quality.load(run.tenant, request.data.asOf);
        const trained = await trainObjectiveFamily({
          run,
          objective: dataset.objective,
          modelVersion,
          spec: perGroup,
          defaultMinPairs: this.deps.settings.groupMinPairs,
          train: trainRows,
          heldOut: heldOutRows,
          quality,
          blends: this.deps.blends,
          store,
          training: { seed: TRAINING_SEED, l2: this.deps.settings.l2, maxIterations: this.deps.settings.maxIterations },
          log: objectiveLog,
        });
        model = trained.published;
        family = trained.family;
      } else {
        model = trainRewardModel(trainPairs, {
          seed: TRAINING_SEED,
          l2: this.deps.settings.l2,
          maxIterations: this.deps.settings.maxIterations,
          onProgress: (step, loss) => {
            if (step % 10 === 0) objectiveLog.info({ step, loss }, 'training progress');
          },
        });
      }
      const evaluation = evaluateRewardModel(model, heldOut);
      const metrics: Record<string, number> = {
        pairwiseAccuracy: evaluation.pairwiseAccuracy,
        logLoss: evaluation.logLoss,
        expectedCalibrationError: evaluation.expectedCalibrationError,
        heldOutPairs: evaluation.count,
        trainingPairs: trainPairs.length,
      };
      outcomes ??= await this.deps.outcomes.interactionOutcomes(run.tenant, asOf, MAX_OUTCOME_INTERACTIONS);
      const agreement = outcomeAgreement(
        outcomes.map((o) => scoreResponse(model, o.prompt, o.response)),
        outcomes.map((o) => o.success),
      );
      if (agreement) {
        metrics.outcomeAuc = agreement.auc;
        metrics.outcomeInteractions = agreement.count;
      }
      const artifactUri = await store.put(modelKey(run.tenant, modelVersion), serializeRewardModel(model));
      const datasetManifest = registryManifest(
        JSON.parse(Buffer.from(await store.get(childKey(key, 'manifest.json'))).toString('utf8')) as Record<
          string,
          unknown
        >,
      );
      // A per-group run's manifest says which blend weights made the published model (null: the pooled model).
      const manifest = family ? { ...datasetManifest, blend: family.blend } : datasetManifest;
      const parent = await this.deps.models.latestBefore(run.tenant, dataset.objective, asOf, run.runId, run.policyId);
      const at = this.deps.clock.now();
      const registration = registeredEvent(
        {
          modelVersion,
          tenant: run.tenant,
          runId: run.runId,
          objective: dataset.objective,
          parentVersion: parent?.modelVersion ?? null,
          policyId: run.policyId,
          asOf,
          recipe: run.recipe ?? {},
          datasetSha256: dataset.sha256,
          datasetUri: store.uriOf(key),
          artifactUri,
          manifest,
          metrics,
          training: { ...model.training, heldOutSplit },
          codeVersion: this.deps.codeVersion,
          family,
          createdAt: at,
        },
        run.requestEventId,
      );
      const created = await this.deps.runs.registerModel(run, registration, at);
      objectiveLog.info(
        { modelVersion, created, parentVersion: parent?.modelVersion ?? null, metrics },
        'reward model registered',
      );
      await this.pause();
    }
    const at = this.deps.clock.now();
    await this.deps.runs.advance(run, 'gated', [advanced(run, at, 'trained', {})], at);
  }

  private async complete(run: TrainerRunRow): Promise<void> {
    const models = await this.deps.models.listByRun(run.tenant, run.runId);
    const at = this.deps.clock.now();
    const events = [
      runEvent('completed', {
        ...eventSpec(run, at),
        data: {
          runId: run.runId,
          models: models.map((m) => ({ objective: m.objective, modelVersion: m.modelVersion, metrics: m.metrics })),
        },
      }),
      advanced(run, at, 'completed', {}),
    ];
    await this.deps.runs.advance(run, 'trained', events, at);
  }

  private async pause(): Promise<void> {
    if (this.deps.settings.stagePauseMs > 0) await new Promise((r) => setTimeout(r, this.deps.settings.stagePauseMs));
  }
}

/** Errors of bad data (coded validation errors from the pure libraries) end the run; anything else is transient. */
function permanentFailure(error: unknown, stage: RetrainStage): RunFailure | undefined {
  if (error instanceof HindsightError && error.code === 'validation')
    return new RunFailure(stage, [{ code: 'invalid-data', message: errorMessage(error) }]);
  return undefined;
}

function errorMessage(error: unknown): string {
  if (error instanceof HindsightError && error.issues.length > 0)
    return error.issues.map((i) => `${i.path}: ${i.rule}`).join('; ');
  return error instanceof Error ? error.message : String(error);
}

/**
 * A split's pairs; none when the split was never stored. Read line by line from
 * a stream: a split of a few million pairs is longer than one string may be.
 */
async function readPairs(store: ArtifactStore, key: string): Promise<DatasetPair[]> {
  let stream: Readable;
  try {
    stream = await store.read(key);
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
  const pairs: DatasetPair[] = [];
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    if (line === '') continue;
    const row = JSON.parse(line) as DatasetRow;
    pairs.push({
      id: row.id,
      pair: { prompt: row.prompt, chosen: row.chosen, rejected: row.rejected, weight: row.weight },
    });
  }
  return pairs;
}

function assertNever(state: never): never {
  throw new Error(`unhandled run state ${String(state)}`);
}
