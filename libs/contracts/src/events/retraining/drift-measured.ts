import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, isoDateTime, nonNegativeInt, objective, slug, token, uniqueList } from '../../envelope/primitives';
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

/** A Jensen–Shannon divergence in bits: 0 to 1. */
const bits = () => z.number().min(0).max(1);

/**
 * `drift.measured` v2: v1 plus, for a reading of one objective (and one surface), what it
 * was measured on. `objective` is the objective measured (one of `objectives`, the policy's);
 * `surface` the product surface, absent for the objective's whole traffic; `windowFrom` the
 * start of the sliding window (deployed prompts recorded after it and after `since`);
 * `lengthDrift` and `localeMixDrift` the other two measures (null when not known);
 * `samples` the prompts compared on each side. A v1 reading (none of these) is of the
 * policy's objectives together, over every surface.
 */
export const driftMeasuredDataV2 = z.strictObject({
  ...driftMeasuredDataV1.shape,
  objective: objective().optional(),
  surface: token().optional(),
  windowFrom: isoDateTime().optional(),
  lengthDrift: bits().nullable().optional(),
  localeMixDrift: bits().nullable().optional(),
  samples: z.strictObject({ trainedOn: nonNegativeInt(), deployed: nonNegativeInt() }).optional(),
});

export const driftMeasuredV2 = defineEvent({
  type: 'drift.measured',
  version: 2,
  topic: TOPICS.retraining,
  description: `${driftMeasuredV1.description} v2: optional objective and surface the reading is of, the sliding window's start (windowFrom), length and locale-mix drift (bits, null when not known) and the sample sizes.`,
  data: driftMeasuredDataV2,
  subject: (data) => ({ kind: 'policy', id: data.policyId }),
  partitionKey: (data) => data.policyId,
  senders: { platform: 'scheduler' },
  personalSubject: null,
  erasedBy: [],
});

export type DriftMeasured = EventOf<typeof driftMeasuredV2>;
export type DriftMeasuredInput = EventInputOf<typeof driftMeasuredV2>;
export type DriftMeasuredData = DataOf<typeof driftMeasuredV2>;
