import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, isoDateTime, objective, sha256, token } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/** A document of the trainer's own (recipe, manifest, training record), carried as it is. */
const trainerDocument = () => z.record(z.string(), z.unknown());

/**
 * `model.registered` v1: the trainer registered a reward model for one
 * objective of a run. It carries the whole registry entry (lineage, dataset,
 * artifacts, metrics, code version), so the registry is rebuilt from the log;
 * the entry's creation time is the event's `recordedAt`.
 */
export const modelRegisteredDataV1 = z.strictObject({
  runId: id(),
  objective: objective(),
  modelVersion: token(),
  /** The latest earlier model of the same tenant and objective (and policy) the trainer found, if any. */
  parentVersion: token().nullable(),
  policyId: id().nullable(),
  asOf: isoDateTime(),
  recipe: trainerDocument(),
  datasetSha256: sha256(),
  datasetUri: token(2_000),
  artifactUri: token(2_000),
  manifest: trainerDocument(),
  metrics: z.record(id(), z.number()),
  training: trainerDocument(),
  codeVersion: token(),
  /**
   * A per-group run's family of this objective (the pooled model, one model per
   * rater group, the groups too small to train, the disagreement report, the
   * blend weights used): this entry's artifact is the family's published model.
   */
  family: trainerDocument().optional(),
});

export const modelRegisteredV1 = defineEvent({
  type: 'model.registered',
  version: 1,
  topic: TOPICS.retraining,
  description:
    'The trainer registered a reward model for one objective of a run: the whole registry entry (lineage, dataset, artifacts, metrics).',
  data: modelRegisteredDataV1,
  subject: (data) => ({ kind: 'run', id: data.runId }),
  partitionKey: (data) => data.runId,
  senders: { platform: 'trainer' },
  personalSubject: null,
  erasedBy: [],
});

export type ModelRegistered = EventOf<typeof modelRegisteredV1>;
export type ModelRegisteredInput = EventInputOf<typeof modelRegisteredV1>;
export type ModelRegisteredData = DataOf<typeof modelRegisteredV1>;
