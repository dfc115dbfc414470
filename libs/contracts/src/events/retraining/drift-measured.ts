import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, isoDateTime, objective, slug, uniqueList } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/** What the scheduler measures: prompt distribution drift, the Jensen–Shannon divergence in bits (0 = same, 1 = no word in common). */
export const PROMPT_DRIFT_MEASURE = 'prompt-js-divergence-bits';

/**
 * `drift.measured` v1: the scheduler read the drift of a policy's objectives
 * since `since` (the last retrain's asOf, or when the policy became active),
 * against the policy's `threshold`. `runId` names the retrain this reading
 * triggered, when it did: the value behind a drift retrain.
 */
export const driftMeasuredDataV1 = z.strictObject({
  policyId: id(),
  objectives: uniqueList(objective()),
  since: isoDateTime(),
  value: z.number().min(0).max(1e6),
  threshold: z.number().positive().max(1e6).nullable(),
  measure: slug(),
  runId: id().optional(),
});

export const driftMeasuredV1 = defineEvent({
  type: 'drift.measured',
  version: 1,
  topic: TOPICS.retraining,
  description:
    "The scheduler's reading of a policy's drift (and the retrain it triggered, if it did); recorded when the reading changes and when it fires.",
  data: driftMeasuredDataV1,
  subject: (data) => ({ kind: 'policy', id: data.policyId }),
  partitionKey: (data) => data.policyId,
  senders: { platform: 'scheduler' },
  personalSubject: null,
  erasedBy: [],
});

export type DriftMeasured = EventOf<typeof driftMeasuredV1>;
export type DriftMeasuredInput = EventInputOf<typeof driftMeasuredV1>;
export type DriftMeasuredData = DataOf<typeof driftMeasuredV1>;
