import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { MAX_LIST_ITEMS } from '../../envelope/limits';
import { id, objective, token } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';
import { uniqueBy } from './retrain-dataset-built';

/** One trained reward model: objective, the version it was registered as, held-out metrics by name. */
export const trainedModelSchema = z.strictObject({
  objective: objective(),
  modelVersion: token(),
  metrics: z.record(id(), z.number()),
});

/**
 * `retrain.completed` v1: the run trained and registered one reward model per
 * objective (unique), with metrics such as `pairwiseAccuracy` and `ece`.
 */
export const retrainCompletedDataV1 = z
  .strictObject({
    runId: id(),
    models: z.array(trainedModelSchema).min(1).max(MAX_LIST_ITEMS),
    registryUri: token(2_000).optional(),
  })
  .superRefine((data, ctx) => uniqueBy(data.models, 'objective', 'models', ctx));

export const retrainCompletedV1 = defineEvent({
  type: 'retrain.completed',
  version: 1,
  topic: TOPICS.retraining,
  description: 'The run trained and registered one reward model per objective (unique), with held-out metrics.',
  data: retrainCompletedDataV1,
  subject: (data) => ({ kind: 'run', id: data.runId }),
  partitionKey: (data) => data.runId,
  // A client that could send it could forge a model's metrics.
  senders: { platform: 'trainer' },
  personalSubject: null,
  erasedBy: [],
});

export type RetrainCompleted = EventOf<typeof retrainCompletedV1>;
export type RetrainCompletedInput = EventInputOf<typeof retrainCompletedV1>;
export type RetrainCompletedData = DataOf<typeof retrainCompletedV1>;
