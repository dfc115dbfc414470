import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, isoDateTime, objective, reason, token } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/** The rater profile fields a per-group retrain can split raters by. */
export const RATER_GROUP_FIELDS = ['group', 'language', 'region', 'expertise'] as const;
export type RaterGroupField = (typeof RATER_GROUP_FIELDS)[number];

/** Largest weight one group may get (weights are normalised to sum 1 when the blend is made). */
export const MAX_BLEND_WEIGHT = 1_000_000;

/**
 * `blend.weights-assigned` v1: governance decided how the per-group reward models of
 * an objective are combined into the model the trainer publishes, for groups of
 * raters split by `field`. The latest one recorded by a run's as-of time wins;
 * a group without a weight counts 0. `setBy` is the person who decided, `keyId`
 * the api key that published it (null from the CLI).
 */
export const blendWeightsAssignedDataV1 = z
  .strictObject({
    objective: objective(),
    field: z.enum(RATER_GROUP_FIELDS),
    weights: z.record(token(200), z.number().min(0).max(MAX_BLEND_WEIGHT)),
    reason: reason(),
    setBy: id(),
    keyId: id().nullable(),
    setAt: isoDateTime(),
  })
  .superRefine((data, ctx) => {
    const values = Object.values(data.weights);
    if (values.length === 0 || !values.some((w) => w > 0))
      ctx.addIssue({
        code: 'custom',
        path: ['weights'],
        message: 'must give at least one group a weight above 0',
        input: data.weights,
      });
  });

export const blendWeightsAssignedV1 = defineEvent({
  type: 'blend.weights-assigned',
  version: 1,
  topic: TOPICS.configuration,
  description:
    'Governance set the weights by which the per-group reward models of an objective are blended into the published model (PUT /v1/blend-weights, hindsight blend set).',
  data: blendWeightsAssignedDataV1,
  subject: (data) => ({ kind: 'objective', id: data.objective }),
  partitionKey: (data) => data.objective,
  // Written by the api's own route and the CLI after their checks: never through /v1/events.
  senders: { platform: 'api' },
  personalSubject: null,
  erasedBy: [],
});

export type BlendWeightsAssigned = EventOf<typeof blendWeightsAssignedV1>;
export type BlendWeightsAssignedInput = EventInputOf<typeof blendWeightsAssignedV1>;
export type BlendWeightsAssignedData = DataOf<typeof blendWeightsAssignedV1>;
