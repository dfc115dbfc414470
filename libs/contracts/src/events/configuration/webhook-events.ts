import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, isoDateTime, token, uniqueList } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';
import { WEBHOOK_EVENT_KINDS } from '../webhooks/webhook-kinds';

/** A webhook's endpoint: an absolute http(s) URL. */
export const webhookUrl = () =>
  z
    .string()
    .max(2048)
    .refine(
      (value) => {
        try {
          const url = new URL(value);
          return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
        } catch {
          return false;
        }
      },
      { error: 'must be an absolute http or https URL without credentials' },
    );

/**
 * The signing secret as it travels on Kafka: its 32 bytes wrapped under the
 * platform's key-encryption key (AES-256-GCM, the tenant and webhook id bound in as
 * associated data, the same wrapping as the per-subject data keys). The secret
 * itself is shown once, when the webhook is created.
 */
export const wrappedWebhookSecret = () =>
  z.strictObject({
    kekId: token(64),
    wrapped: z
      .string()
      .regex(/^[A-Za-z0-9+/]{80}$/, { error: 'must be the 60 bytes of a wrapped secret in base64 (80 characters)' }),
  });

/** `webhook.subscribed` v1: a tenant's webhook: where to post, which kinds, and its wrapped signing secret. */
export const webhookSubscribedDataV1 = z.strictObject({
  webhookId: id(),
  url: webhookUrl(),
  kinds: uniqueList(z.enum(WEBHOOK_EVENT_KINDS)),
  description: z.string().max(200).nullable(),
  secret: wrappedWebhookSecret(),
  createdAt: isoDateTime(),
});

/** `webhook.unsubscribed` v1: nothing more is delivered to the webhook from `deletedAt`; its deliveries stay visible. */
export const webhookUnsubscribedDataV1 = z.strictObject({ webhookId: id(), deletedAt: isoDateTime() });

const declarations = {
  topic: TOPICS.configuration,
  subject: (data: { webhookId: string }) => ({ kind: 'webhook' as const, id: data.webhookId }),
  partitionKey: (data: { webhookId: string }) => data.webhookId,
  // Written by the api's route and the CLI after their checks (they wrap the secret): never through /v1/events.
  senders: { platform: 'api' as const },
  personalSubject: null,
  erasedBy: [] as const,
};

export const webhookSubscribedV1 = defineEvent({
  type: 'webhook.subscribed',
  version: 1,
  description:
    'A webhook subscription was created (POST /v1/webhooks, hindsight webhooks create): URL, event kinds and the signing secret wrapped under the key-encryption key.',
  data: webhookSubscribedDataV1,
  ...declarations,
});

export const webhookUnsubscribedV1 = defineEvent({
  type: 'webhook.unsubscribed',
  version: 1,
  description: 'A webhook subscription was deleted (DELETE /v1/webhooks/{id}, hindsight webhooks delete).',
  data: webhookUnsubscribedDataV1,
  ...declarations,
});

export type WebhookSubscribed = EventOf<typeof webhookSubscribedV1>;
export type WebhookSubscribedInput = EventInputOf<typeof webhookSubscribedV1>;
export type WebhookSubscribedData = DataOf<typeof webhookSubscribedV1>;
export type WebhookUnsubscribed = EventOf<typeof webhookUnsubscribedV1>;
export type WebhookUnsubscribedInput = EventInputOf<typeof webhookUnsubscribedV1>;
export type WebhookUnsubscribedData = DataOf<typeof webhookUnsubscribedV1>;
