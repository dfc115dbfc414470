import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, nonNegativeInt, objective } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/**
 * `training.metrics.reported` v1: at `step` of a policy-training run, the mean
 * reward the reward model gave and the KL divergence from the reference
 * policy (nats). `kl` is an estimate and may be slightly negative for some
 * estimators, so any finite number is accepted. The overoptimisation monitor
 * compares these with `eval.human.reported`.
 */
export const trainingMetricsReportedDataV1 = z.strictObject({
  runId: id(),
  objective: objective().optional(),
  step: nonNegativeInt(),
  meanReward: z.number(),
  kl: z.number(),
});

export const trainingMetricsReportedV1 = defineEvent({
  type: 'training.metrics.reported',
  version: 1,
  topic: TOPICS.retraining,
  description: 'Mean reward and KL divergence from the reference policy at a training step.',
  data: trainingMetricsReportedDataV1,
  subject: (data) => ({ kind: 'run', id: data.runId }),
  partitionKey: (data) => data.runId,
  // Training runs anywhere report back with an ingest key.
  senders: { clients: ['ingest'] },
  personalSubject: null,
  erasedBy: [],
});

export type TrainingMetricsReported = EventOf<typeof trainingMetricsReportedV1>;
export type TrainingMetricsReportedInput = EventInputOf<typeof trainingMetricsReportedV1>;
export type TrainingMetricsReportedData = DataOf<typeof trainingMetricsReportedV1>;
