import { webhookDeliveryAttemptedV1, type WebhookDeliveryAttempted } from './webhook-delivery-attempted';

export * from './webhook-kinds';
export * from './webhook-delivery-attempted';

/** Every event of the webhooks topic, at its latest version. */
export type WebhookEvent = WebhookDeliveryAttempted;

/** Definitions of every published version of the webhooks family. */
export const webhookEventDefinitions = [webhookDeliveryAttemptedV1] as const;

export const WEBHOOK_EVENT_TYPES = ['webhook.delivery-attempted'] as const satisfies readonly WebhookEvent['type'][];
