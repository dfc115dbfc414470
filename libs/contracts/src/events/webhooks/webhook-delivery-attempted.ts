import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, isoDateTime, nonNegativeInt, positiveInt } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';
import { WEBHOOK_ATTEMPT_OUTCOMES, WEBHOOK_EVENT_KINDS } from './webhook-kinds';

/**
 * `webhook.delivery-attempted` v1: the dispatcher posted a delivery once. The
 * delivery id is the same at every attempt (the receiver de-duplicates by it);
 * `outcome` says whether it was accepted (a 2xx), will be retried at
 * `nextAttemptAt`, or was the last attempt (`dead`: dead-lettered).
 */
export const webhookDeliveryAttemptedDataV1 = z.strictObject({
  deliveryId: z.uuid(),
  webhookId: id(),
  kind: z.enum(WEBHOOK_EVENT_KINDS),
  /** What the delivery announces: the source event's id, or `dlq:<topic>:<partition>:<offset>` for a dead letter. */
  sourceId: z.string().min(1).max(400),
  attempt: positiveInt(),
  outcome: z.enum(WEBHOOK_ATTEMPT_OUTCOMES),
  httpStatus: z.number().int().min(100).max(599).nullable(),
  error: z.string().max(500).nullable(),
  durationMs: nonNegativeInt(),
  attemptedAt: isoDateTime(),
  nextAttemptAt: isoDateTime().nullable(),
});

export const webhookDeliveryAttemptedV1 = defineEvent({
  type: 'webhook.delivery-attempted',
  version: 1,
  topic: TOPICS.webhooks,
  description:
    "One attempt at delivering an outbound webhook: delivery id (stable across attempts), outcome (delivered, failed and retried, or dead after the last attempt), the receiver's status or the error.",
  data: webhookDeliveryAttemptedDataV1,
  subject: (data) => ({ kind: 'webhook-delivery', id: data.deliveryId }),
  partitionKey: (data) => data.deliveryId,
  // The dispatcher runs in the scheduler app; a client that could send it could forge a delivery's outcome.
  senders: { platform: 'scheduler' },
  personalSubject: null,
  erasedBy: [],
});

export type WebhookDeliveryAttempted = EventOf<typeof webhookDeliveryAttemptedV1>;
export type WebhookDeliveryAttemptedInput = EventInputOf<typeof webhookDeliveryAttemptedV1>;
export type WebhookDeliveryAttemptedData = DataOf<typeof webhookDeliveryAttemptedV1>;
