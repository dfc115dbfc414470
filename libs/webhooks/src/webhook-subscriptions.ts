import { z } from 'zod';
import {
  ConflictError,
  NotFoundError,
  parseRequestBody,
  sealEvent,
  validateEventInput,
  WEBHOOK_ATTEMPT_OUTCOMES,
  WEBHOOK_EVENT_KINDS,
  webhookUrl,
  id,
  uniqueList,
  type WebhookSubscribed,
  type WebhookUnsubscribed,
} from '@hindsight/contracts';
import type { KeyEncryptionKeyRing } from '@hindsight/shredding';
import type { WebhookDeliveryItem, WebhookRepository, WebhookSubscriptionRow } from '@hindsight/store';
import { newWebhookSecret } from './webhook-secret';

/** The body of `POST /v1/webhooks` (and the flags of `hindsight webhooks create`), parsed with this very schema. */
export const createWebhookBodySchema = z.strictObject({
  id: id().optional(),
  url: webhookUrl(),
  kinds: uniqueList(z.enum(WEBHOOK_EVENT_KINDS)),
  description: z.string().max(200).optional(),
});

/** The query of `GET /v1/webhooks/deliveries` (and `hindsight webhooks deliveries`). */
export const webhookDeliveriesQuerySchema = z.strictObject({
  status: z.enum(WEBHOOK_ATTEMPT_OUTCOMES).optional(),
  webhook: id().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** A subscription as the api and the CLI show it: never the secret, wrapped or not. */
export interface WebhookView {
  readonly id: string;
  readonly url: string;
  readonly kinds: readonly string[];
  readonly description: string | null;
  readonly createdAt: string;
  readonly deletedAt: string | null;
}

export const webhookView = (r: WebhookSubscriptionRow): WebhookView => ({
  id: r.id,
  url: r.url,
  kinds: r.kinds,
  description: r.description,
  createdAt: r.createdAt,
  deletedAt: r.deletedAt,
});

export interface WebhookRecordWriter {
  /** Resolves once Kafka acknowledged the event (acks=all). */
  readonly publish: (event: WebhookSubscribed | WebhookUnsubscribed) => Promise<void>;
  /** Writes the acknowledged event with the projector's code, so the caller reads its own write. */
  readonly apply: (event: WebhookSubscribed | WebhookUnsubscribed) => Promise<void>;
  readonly newEventId: () => string;
  /** A new webhook id when the caller names none. */
  readonly newWebhookId: () => string;
  /** `api` or `cli`. */
  readonly source: string;
}

/** The webhook use cases of the api and the CLI: create (the secret shown once), list, delete, deliveries. */
export class WebhookSubscriptions {
  constructor(
    private readonly repository: WebhookRepository,
    /** Asked only when a webhook is created (listing needs no key). */
    private readonly ring: () => KeyEncryptionKeyRing,
    private readonly writer: WebhookRecordWriter,
  ) {}

  /**
   * Publishes `webhook.subscribed` with the secret wrapped under the key-encryption key, then applies it.
   * @throws ValidationError naming each field at fault; ConflictError when the id is taken (deleted ones too).
   */
  async create(tenant: string, body: unknown, at: Date): Promise<{ webhook: WebhookView; secret: string }> {
    const input = parseRequestBody(createWebhookBodySchema, body);
    const webhookId = input.id ?? this.writer.newWebhookId();
    if (await this.repository.subscription(tenant, webhookId))
      throw new ConflictError(`webhook ${webhookId} already exists`, [{ path: 'id', rule: 'must not be taken' }]);
    const { secret, wrapped } = newWebhookSecret(this.ring(), tenant, webhookId);
    const event = this.seal(tenant, at, {
      type: 'webhook.subscribed',
      idempotencyKey: `webhook-subscribed:${webhookId}`,
      occurredAt: at.toISOString(),
      data: {
        webhookId,
        url: input.url,
        kinds: input.kinds,
        description: input.description ?? null,
        secret: wrapped,
        createdAt: at.toISOString(),
      },
    }) as WebhookSubscribed;
    await this.writer.publish(event);
    await this.writer.apply(event);
    const row = await this.repository.subscription(tenant, webhookId);
    if (!row) throw new NotFoundError('webhook', webhookId);
    return { webhook: webhookView(row), secret };
  }

  async list(tenant: string): Promise<{ webhooks: WebhookView[] }> {
    return { webhooks: (await this.repository.subscriptions(tenant)).map(webhookView) };
  }

  /** @throws NotFoundError when the tenant has no live webhook of that id. */
  async delete(tenant: string, webhookId: string, at: Date): Promise<void> {
    const row = await this.repository.subscription(tenant, webhookId);
    if (!row || row.deletedAt !== null) throw new NotFoundError('webhook', webhookId);
    const event = this.seal(tenant, at, {
      type: 'webhook.unsubscribed',
      idempotencyKey: `webhook-unsubscribed:${webhookId}`,
      occurredAt: at.toISOString(),
      data: { webhookId, deletedAt: at.toISOString() },
    }) as WebhookUnsubscribed;
    await this.writer.publish(event);
    await this.writer.apply(event);
  }

  /** @throws ValidationError naming the query parameter at fault. */
  async deliveries(tenant: string, query: unknown): Promise<{ deliveries: WebhookDeliveryItem[] }> {
    const q = parseRequestBody(webhookDeliveriesQuerySchema, query ?? {});
    return {
      deliveries: await this.repository.deliveries(tenant, { status: q.status, webhookId: q.webhook, limit: q.limit }),
    };
  }

  private seal(tenant: string, at: Date, input: unknown) {
    const valid = validateEventInput(input, { types: ['webhook.subscribed', 'webhook.unsubscribed'] });
    return sealEvent(valid, {
      id: this.writer.newEventId(),
      recordedAt: at.toISOString(),
      tenant,
      source: this.writer.source,
    });
  }
}
