import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, isoDateTime, nonNegativeInt, positiveInt, token, uuidV7 } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/** The decision id (= the task id of an annotation task, = the idempotency key): `rt-` and 40 hex digits of SHA-256(rule id, interaction id). */
export const ROUTING_DECISION_ID_PATTERN = /^rt-[0-9a-f]{40}$/;

/**
 * `routing.interaction-routed` v1: the router (apps/scheduler) decided that a rule routes
 * an interaction. Ids only, no text: the projector takes the prompt and responses of an
 * annotation task from the projected interactions, so an erasure of the user (or the
 * interaction) leaves nothing of theirs here. `pairedInteractionId` is the logged
 * interaction whose response is the task's second one; `unpaired` says none existed
 * when it was routed (no task is made; the entry stays in the rule's routed list).
 * Published once per (rule, interaction): its idempotency key is `decisionId`.
 * Webhooks subscribe to this type (action `webhook`, with the rule's `endpoint`).
 */
export const interactionRoutedDataV1 = z.strictObject({
  decisionId: z.string().regex(ROUTING_DECISION_ID_PATTERN, { error: 'must be rt- and 40 hex digits' }),
  ruleId: uuidV7(),
  ruleRevision: positiveInt(),
  interactionId: id(),
  action: z.enum(['annotation-task', 'review', 'webhook']),
  queueId: id().optional(),
  pairedInteractionId: id().optional(),
  unpaired: z.boolean().optional(),
  endpoint: id().optional(),
  /** The stratification cell `objective|surface|locale|length bucket`, and the rate the interaction was drawn at. */
  cell: token().optional(),
  rate: z.number().min(0).max(1),
  /** The interaction's own recorded time: tasks are handed out in this order. */
  interactionRecordedAt: isoDateTime(),
  promptChars: nonNegativeInt(),
});

export const interactionRoutedV1 = defineEvent({
  type: 'routing.interaction-routed',
  version: 1,
  topic: TOPICS.deployment,
  description:
    "A routing rule routed a logged interaction (by the scheduler's router): to an annotation task in a queue (paired with a second logged response), the rule's review list, or a webhook. Ids only.",
  data: interactionRoutedDataV1,
  subject: (data) => ({ kind: 'interaction', id: data.interactionId }),
  partitionKey: (data) => data.interactionId,
  senders: { platform: 'scheduler' },
  personalSubject: null,
  erasedBy: [],
});

export type InteractionRouted = EventOf<typeof interactionRoutedV1>;
export type InteractionRoutedInput = EventInputOf<typeof interactionRoutedV1>;
export type InteractionRoutedData = DataOf<typeof interactionRoutedV1>;
