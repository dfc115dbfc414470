import { driftMeasuredV1, driftMeasuredV2, type DriftMeasured } from './drift-measured';
import { evalHumanReportedV1, type EvalHumanReported } from './eval-human-reported';
import { modelRegisteredV1, type ModelRegistered } from './model-registered';
import { retrainCompletedV1, type RetrainCompleted } from './retrain-completed';
import { retrainDatasetBuiltV1, type RetrainDatasetBuilt } from './retrain-dataset-built';
import { retrainFailedV1, type RetrainFailed } from './retrain-failed';
import { retrainRequestedV1, type RetrainRequested } from './retrain-requested';
import { retrainRunAdvancedV1, type RetrainRunAdvanced } from './retrain-run-advanced';
import { trainingMetricsReportedV1, type TrainingMetricsReported } from './training-metrics-reported';

export * from './drift-measured';
export * from './eval-human-reported';
export * from './model-registered';
export * from './retrain-completed';
export * from './retrain-dataset-built';
export * from './retrain-failed';
export * from './retrain-requested';
export * from './retrain-run-advanced';
export * from './training-metrics-reported';

/** Every event of the retraining family, at its latest version. */
export type RetrainingEvent =
  | RetrainRequested
  | RetrainDatasetBuilt
  | RetrainCompleted
  | RetrainFailed
  | TrainingMetricsReported
  | EvalHumanReported
  | RetrainRunAdvanced
  | ModelRegistered
  | DriftMeasured;

/** Definitions of every published version of the retraining family. */
export const retrainingEventDefinitions = [
  retrainRequestedV1,
  retrainDatasetBuiltV1,
  retrainCompletedV1,
  retrainFailedV1,
  trainingMetricsReportedV1,
  evalHumanReportedV1,
  retrainRunAdvancedV1,
  modelRegisteredV1,
  driftMeasuredV1,
  driftMeasuredV2,
] as const;

export const RETRAINING_EVENT_TYPES = [
  'retrain.requested',
  'retrain.dataset-built',
  'retrain.completed',
  'retrain.failed',
  'training.metrics.reported',
  'eval.human.reported',
  'retrain.run-advanced',
  'model.registered',
  'drift.measured',
] as const satisfies readonly RetrainingEvent['type'][];
