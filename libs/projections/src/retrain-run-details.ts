import { z } from 'zod';
import {
  retrainCompletedDataV1,
  retrainDatasetBuiltDataV1,
  retrainFailedDataV1,
  type RetrainCompletedData,
  type RetrainDatasetBuiltData,
  type RetrainFailedData,
} from '@hindsight/contracts';

/**
 * What a run's `details` in `retrain_runs` gathers: the data of its
 * `retrain.dataset-built`, `retrain.completed` and `retrain.failed`, each under
 * its own key (the projection merges them as they come).
 */
export interface RetrainRunDetails {
  readonly datasetBuilt?: RetrainDatasetBuiltData;
  readonly completed?: RetrainCompletedData;
  readonly failed?: RetrainFailedData;
}

/** The schema `details` is read back through (a row may predate the current event schemas). */
export const retrainRunDetailsSchema = z.strictObject({
  datasetBuilt: retrainDatasetBuiltDataV1.optional(),
  completed: retrainCompletedDataV1.optional(),
  failed: retrainFailedDataV1.optional(),
});
