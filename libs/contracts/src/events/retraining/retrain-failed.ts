import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { MAX_LIST_ITEMS } from '../../envelope/limits';
import { id, reason, slug } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

export const RETRAIN_STAGES = ['dataset', 'quality-gate', 'training', 'evaluation', 'publish'] as const;
export type RetrainStage = (typeof RETRAIN_STAGES)[number];

/**
 * `retrain.failed` v1: the run stopped at `stage`. Each reason has a stable
 * `code` (`agreement-below-threshold`, `too-few-examples`, …) and a message
 * for people.
 */
export const retrainFailedDataV1 = z.strictObject({
  runId: id(),
  stage: z.enum(RETRAIN_STAGES),
  reasons: z
    .array(z.strictObject({ code: slug(), message: reason() }))
    .min(1)
    .max(MAX_LIST_ITEMS),
});

export const retrainFailedV1 = defineEvent({
  type: 'retrain.failed',
  version: 1,
  topic: TOPICS.retraining,
  description: 'The run stopped at a stage, for one or more coded reasons.',
  data: retrainFailedDataV1,
  subject: (data) => ({ kind: 'run', id: data.runId }),
  partitionKey: (data) => data.runId,
  // A client that could send it could forge a run's outcome.
  senders: { platform: 'trainer' },
  personalSubject: null,
  erasedBy: [],
});

export type RetrainFailed = EventOf<typeof retrainFailedV1>;
export type RetrainFailedInput = EventInputOf<typeof retrainFailedV1>;
export type RetrainFailedData = DataOf<typeof retrainFailedV1>;
