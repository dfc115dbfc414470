import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { MAX_LABEL_CHARS, MAX_PROMPT_CHARS } from '../../envelope/limits';
import { id, isoDateTime, locale, objective, slug, text, token, uuidV7 } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';
import { FEEDBACK_KINDS } from '../deployment/feedback-recorded';

/** Most values one filter field may list. */
export const MAX_ROUTING_FILTER_VALUES = 50;

const values = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(MAX_ROUTING_FILTER_VALUES).optional();

/**
 * Which interactions a routing rule looks at. Every field present must match (AND);
 * a list matches when the interaction's value is one of it (OR). `surface`, `locale`
 * and `objective` are read from the interaction's own fields when it has them, else
 * from its `metadata` under the same name; `feedbackKinds` matches when any feedback
 * recorded for the interaction is of one of the kinds, `outcomes` when any outcome
 * of one of the names was recorded (with `success` when the entry names it).
 */
export const routingFilterSchema = z
  .strictObject({
    surfaces: values(token()),
    modelVersions: values(token()),
    locales: values(locale()),
    objectives: values(objective()),
    feedbackKinds: values(z.enum(FEEDBACK_KINDS)),
    outcomes: values(z.strictObject({ outcome: slug(), success: z.boolean().optional() })),
    promptLength: z
      .strictObject({
        min: z.number().int().min(0).max(MAX_PROMPT_CHARS).optional(),
        max: z.number().int().min(0).max(MAX_PROMPT_CHARS).optional(),
      })
      .optional(),
  })
  .superRefine((filter, ctx) => {
    const { min, max } = filter.promptLength ?? {};
    if (min !== undefined && max !== undefined && max < min)
      ctx.addIssue({
        code: 'custom',
        path: ['promptLength', 'max'],
        message: 'must be ≥ promptLength.min',
        input: max,
      });
  });

/**
 * How many of the matching interactions a rule routes. `uniform`: each with probability
 * `rate`, decided by a hash of (rule id, interaction id), so a replay routes the same
 * ones. `stratified`: the same hash, against a rate per cell of (objective, surface,
 * locale, prompt-length bucket) that raises under-represented cells (see libs/routing).
 */
export const routingSamplingSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('uniform'), rate: z.number().min(0).max(1) }),
  z.strictObject({
    mode: z.literal('stratified'),
    rate: z.number().min(0).max(1),
    /** Highest rate a cell may be raised to. */
    maxRate: z.number().min(0).max(1).optional(),
  }),
]);

/**
 * What a routed interaction becomes. `annotation-task`: a comparison task in `queueId`
 * pairing the logged response with a second one — from `pairWith.modelVersion`'s logged
 * interactions of the same prompt, or (no `pairWith`) from any other logged interaction
 * of the same prompt. `review`: an entry in the rule's review list. `webhook`: a
 * `routing.interaction-routed` event the outbound webhooks deliver to `endpoint`.
 */
export const routingActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('annotation-task'),
    queueId: id(),
    pairWith: z.strictObject({ modelVersion: token() }).optional(),
  }),
  z.strictObject({ kind: z.literal('review') }),
  z.strictObject({ kind: z.literal('webhook'), endpoint: id() }),
]);

export const routingRuleSpecShape = {
  name: text(MAX_LABEL_CHARS),
  filter: routingFilterSchema,
  sampling: routingSamplingSchema,
  action: routingActionSchema,
};

/** `routing-rule.created` v1: a tenant's routing rule, revision 1, active from `createdAt`. */
export const routingRuleCreatedDataV1 = z.strictObject({
  ruleId: uuidV7(),
  ...routingRuleSpecShape,
  createdAt: isoDateTime(),
});

/** `routing-rule.changed` v1: the rule's whole spec from `changedAt` on (it is active again if it was paused). */
export const routingRuleChangedDataV1 = z.strictObject({
  ruleId: uuidV7(),
  revision: z.number().int().min(2).max(2_147_483_647),
  ...routingRuleSpecShape,
  changedAt: isoDateTime(),
});

/** `routing-rule.paused` v1: interactions recorded from `pausedAt` on are not routed by the rule. */
export const routingRulePausedDataV1 = z.strictObject({
  ruleId: uuidV7(),
  revision: z.number().int().min(2).max(2_147_483_647),
  pausedAt: isoDateTime(),
});

const declarations = {
  topic: TOPICS.configuration,
  subject: (data: { ruleId: string }) => ({ kind: 'routing-rule' as const, id: data.ruleId }),
  partitionKey: (data: { ruleId: string }) => data.ruleId,
  // Written by the api's routing routes and the CLI after their checks (queue exists, revision): never through /v1/events.
  senders: { platform: 'api' as const },
  personalSubject: null,
  erasedBy: [] as const,
};

export const routingRuleCreatedV1 = defineEvent({
  type: 'routing-rule.created',
  version: 1,
  description:
    'A routing rule (filter on interaction fields, sampling rate, action: annotation task, review list or webhook) was created.',
  data: routingRuleCreatedDataV1,
  ...declarations,
});

export const routingRuleChangedV1 = defineEvent({
  type: 'routing-rule.changed',
  version: 1,
  description: "A routing rule's spec was replaced from changedAt on (a paused rule is active again).",
  data: routingRuleChangedDataV1,
  ...declarations,
});

export const routingRulePausedV1 = defineEvent({
  type: 'routing-rule.paused',
  version: 1,
  description: 'A routing rule was paused: interactions recorded from pausedAt on are not routed by it.',
  data: routingRulePausedDataV1,
  ...declarations,
});

export type RoutingRuleCreated = EventOf<typeof routingRuleCreatedV1>;
export type RoutingRuleCreatedInput = EventInputOf<typeof routingRuleCreatedV1>;
export type RoutingRuleCreatedData = DataOf<typeof routingRuleCreatedV1>;
export type RoutingRuleChanged = EventOf<typeof routingRuleChangedV1>;
export type RoutingRuleChangedData = DataOf<typeof routingRuleChangedV1>;
export type RoutingRulePaused = EventOf<typeof routingRulePausedV1>;
export type RoutingRulePausedData = DataOf<typeof routingRulePausedV1>;
export type RoutingFilter = RoutingRuleCreatedData['filter'];
export type RoutingSampling = RoutingRuleCreatedData['sampling'];
export type RoutingAction = RoutingRuleCreatedData['action'];

/** The body of `POST /v1/routing/rules` and `PUT /v1/routing/rules/{id}`: a rule's spec. */
export const routingRuleSpecSchema = z.strictObject(routingRuleSpecShape);
