import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { MAX_LIST_ITEMS } from '../../envelope/limits';
import { id, nonNegativeInt, objective, reason, sha256, slug, token } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';
import { RETRAIN_STAGES } from './retrain-failed';

/** The states a run moves to after `requested`; `completed` and `failed` are final. */
export const RETRAIN_RUN_STATES = ['dataset-built', 'gated', 'trained', 'completed', 'failed'] as const;
export type RetrainRunState = (typeof RETRAIN_RUN_STATES)[number];

/** One objective's dataset build as the run keeps it: where it is in the artifact store and its counts. */
export const runDatasetSchema = z.strictObject({
  objective: objective(),
  sha256: sha256(),
  examples: nonNegativeInt(),
  bySplit: z.record(slug(), nonNegativeInt()),
  uri: token(2_000),
  manifestUri: token(2_000),
});

/**
 * `retrain.run-advanced` v1: the trainer moved a run to `state`, and this is
 * the run's whole record from then on (the policy and recipe it resolved, the
 * gate thresholds, the dataset builds, the gate report, why it failed). The
 * run's row is rebuilt from its `retrain.requested` and the latest of these.
 */
export const retrainRunAdvancedDataV1 = z.strictObject({
  runId: id(),
  state: z.enum(RETRAIN_RUN_STATES),
  policyId: id().nullable(),
  recipe: z.record(z.string(), z.unknown()).nullable(),
  gates: z.record(z.string(), z.unknown()).nullable(),
  datasets: z.array(runDatasetSchema).max(MAX_LIST_ITEMS).nullable(),
  gateReport: z.record(z.string(), z.unknown()).nullable(),
  failure: z
    .strictObject({
      stage: z.enum(RETRAIN_STAGES),
      reasons: z
        .array(z.strictObject({ code: slug(), message: reason() }))
        .min(1)
        .max(MAX_LIST_ITEMS),
    })
    .nullable(),
});

export const retrainRunAdvancedV1 = defineEvent({
  type: 'retrain.run-advanced',
  version: 1,
  topic: TOPICS.retraining,
  description:
    "The trainer moved a run to a state (dataset-built, gated, trained, completed, failed); the data is the run's whole record from then on.",
  data: retrainRunAdvancedDataV1,
  subject: (data) => ({ kind: 'run', id: data.runId }),
  partitionKey: (data) => data.runId,
  senders: { platform: 'trainer' },
  personalSubject: null,
  erasedBy: [],
});

export type RetrainRunAdvanced = EventOf<typeof retrainRunAdvancedV1>;
export type RetrainRunAdvancedInput = EventInputOf<typeof retrainRunAdvancedV1>;
export type RetrainRunAdvancedData = DataOf<typeof retrainRunAdvancedV1>;
