import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, isoDateTime, objective, positiveInt, slug, token, uniqueList } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';
import { RATER_GROUP_FIELDS } from '../configuration/blend-weights-assigned';

export const RETRAIN_POLICY_REASONS = ['cadence', 'catch-up', 'drift', 'volume'] as const;
export type RetrainPolicyReason = (typeof RETRAIN_POLICY_REASONS)[number];

/** Why the retrain was requested: by a retrain policy (and which rule fired), or by a person. */
export const retrainTriggerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('policy'), policyId: id(), reason: z.enum(RETRAIN_POLICY_REASONS) }),
  // policyId: the policy whose objectives and recipe a manual request uses (`hindsight retrain --policy`), if any.
  z.strictObject({ kind: z.literal('manual'), requestedBy: id(), policyId: id().optional() }),
]);

/** A dataset recipe by id and version; the recipe itself is recorded in the dataset manifest. */
export const recipeRefSchema = z.strictObject({ id: slug(), version: positiveInt() });

/**
 * Train, per objective, one reward model per group of raters split by a profile
 * field (groups with fewer than `minPairs` training pairs are reported, not
 * trained) besides the pooled model (`hindsight retrain --per-group`, or a policy
 * recipe's `perGroup`).
 */
export const perGroupSpecSchema = z.strictObject({
  field: z.enum(RATER_GROUP_FIELDS),
  minPairs: positiveInt().optional(),
});

/**
 * `retrain.requested` v1: build datasets as of `asOf` with `recipe` and train
 * one reward model per objective. `runId` names the run within the tenant (the
 * sender chooses it: two tenants may use the same one, each for its own run);
 * every later event of the run (`retrain.dataset-built`,
 * `training.metrics.reported`, …) carries it and is keyed by it. `period` labels the policy period (`2026-Q3`, `2026-09`)
 * and is required for policy triggers, which request once per period.
 */
export const retrainRequestedDataV1 = z
  .strictObject({
    runId: id(),
    trigger: retrainTriggerSchema,
    asOf: isoDateTime(),
    objectives: uniqueList(objective()),
    recipe: recipeRefSchema,
    period: token().optional(),
    /** Overrides the recipe's `perGroup`. */
    perGroup: perGroupSpecSchema.optional(),
  })
  .superRefine((data, ctx) => {
    if (data.trigger.kind === 'policy' && data.period === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['period'],
        message: 'required when trigger kind is policy',
        input: undefined,
      });
    }
  });

export const retrainRequestedV1 = defineEvent({
  type: 'retrain.requested',
  version: 1,
  topic: TOPICS.retraining,
  description:
    'Build datasets as of asOf with the recipe and train one reward model per objective (unique). period is required when the trigger is a policy.',
  data: retrainRequestedDataV1,
  subject: (data) => ({ kind: 'run', id: data.runId }),
  partitionKey: (data) => data.runId,
  // The scheduler publishes policy-triggered requests itself; through the api a request is an administrative act.
  senders: { clients: ['admin'] },
  personalSubject: null,
  erasedBy: [],
});

export type RetrainRequested = EventOf<typeof retrainRequestedV1>;
export type RetrainRequestedInput = EventInputOf<typeof retrainRequestedV1>;
export type RetrainRequestedData = DataOf<typeof retrainRequestedV1>;
