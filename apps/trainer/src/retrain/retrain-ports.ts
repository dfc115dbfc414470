import type { BuildDatasetRequest, DatasetManifest } from '@hindsight/datasets';
import type { QualityInput } from '@hindsight/quality-report';
import type {
  BlendWeightsRepository,
  ModelOutcomeSourceRepository,
  ModelRegistryRepository,
  TrainerRunRepository,
} from '@hindsight/store';
import type { PreferencePair } from '@hindsight/reward-model';
import type { ArtifactStore } from '@hindsight/training';

/*
 * The ports of the retrain use case (RetrainPipeline): what it reads and writes,
 * and nothing else. Each has a real implementation (the store's repositories,
 * retrain-adapters.ts) and an in-memory fake (testing/), both checked by the same
 * contract spec (testing/*.contract.ts).
 */

/** The run's record: read it, move it by compare-and-set with its events, register its models. */
export type RetrainRuns = Pick<TrainerRunRepository, 'find' | 'advance' | 'registerModel'>;

/** The model registry as the run reads it: its own models, and the parent of a new one. */
export type RetrainModels = Pick<ModelRegistryRepository, 'listByRun' | 'latestBefore'>;

/** Outcomes of interactions recorded by T, to audit each model against them. */
export type RetrainOutcomes = Pick<ModelOutcomeSourceRepository, 'interactionOutcomes'>;

/** A point-in-time dataset build, without the folder it is written to (the builder chooses it). */
export type DatasetBuildSpec = Omit<BuildDatasetRequest, 'outDir'>;

/**
 * Builds one point-in-time dataset into the artifact store under `key`: every
 * file its manifest names and `manifest.json` itself. Deterministic: a build
 * repeated for the same tenant, T and recipe stores the same bytes.
 */
export interface DatasetBuilder {
  build(store: ArtifactStore, key: string, spec: DatasetBuildSpec): Promise<DatasetManifest>;
}

/** The judgments and rater profiles recorded by T, as the quality gates read them. */
export interface QualityInputSource {
  load(tenant: string, asOf: string): Promise<QualityInput>;
}

/** Governance's blend weights for (objective, rater field) in effect at a run's as-of time, from the event store. */
export type BlendWeightsSource = Pick<BlendWeightsRepository, 'inEffect'>;

/** A dataset row as training reads it: its id (`<annotation id>:<chosen>><rejected>`) and the pair. */
export interface DatasetPair {
  readonly id: string;
  readonly pair: PreferencePair;
}
