import type { Logger } from 'pino';
import {
  EVENT_HEADERS,
  sealEvent,
  TOPICS,
  topicName,
  validateEventInput,
  type TopicBase,
  type WebhookAttemptOutcome,
  type WebhookDeliveryAttempted,
  type WebhookEventKind,
} from '@hindsight/contracts';
import { BatchConsumer, type Kafka, type PartitionBatch } from '@hindsight/kafka';
import type { KeyEncryptionKeyRing } from '@hindsight/shredding';
import type { WebhookOutboxRow, WebhookRepository } from '@hindsight/store';
import { fullJitterDelayMs } from './backoff';
import { deliveryIdOf } from './delivery-id';
import { DELIVERY_ID_HEADER, EVENT_KIND_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature';
import { sourceMessageOf } from './source-message';
import { kindsFor, WEBHOOK_KIND_SOURCES, webhookSourceTopics, type AnnouncementPorts } from './webhook-kinds-table';
import { openWebhookSecret } from './webhook-secret';
import type { WebhookSettings } from './webhook-settings';

export interface WebhookDispatcherDeps {
  readonly kafka: Kafka;
  readonly topicPrefix: string;
  readonly repository: WebhookRepository;
  readonly ports: AnnouncementPorts;
  /** Asked at each signing (a file ring re-reads a rotated key file). */
  readonly ring: () => KeyEncryptionKeyRing;
  readonly settings: WebhookSettings;
  /** Resolves once Kafka acknowledged the attempt (acks=all). */
  readonly publish: (event: WebhookDeliveryAttempted) => Promise<void>;
  readonly now: () => Date;
  readonly random: () => number;
  readonly newEventId: () => string;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
  /** How long a claimed delivery is held before another poll may take it again (default: twice the timeout + 30 s). */
  readonly leaseMs?: number;
}

/** Deliveries sent at once per poll. */
const CLAIM_LIMIT = 20;
const MAX_ERROR_CHARS = 500;

/**
 * Outbound webhooks. It consumes the topics of the kinds table (offsets in
 * PostgreSQL, in the transaction that puts the deliveries a batch makes into the
 * outbox), and every `pollMs` posts the due deliveries, each signed, under a
 * delivery id derived from webhook and source. Each attempt is published as
 * `webhook.delivery-attempted` before the outbox moves on, so a crash between the
 * receiver's answer and that record sends the delivery again with the same id
 * (at least once), and a replay rebuilds the deliveries view.
 */
export class WebhookDispatcher {
  private readonly consumer: BatchConsumer;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: WebhookDispatcherDeps) {
    this.consumer = new BatchConsumer(deps.kafka, {
      groupId: deps.settings.groupId,
      topics: webhookSourceTopics().map((t) => topicName(deps.topicPrefix, t)),
      positions: () => deps.repository.storedOffsets(deps.settings.groupId),
      apply: (batch) => this.consume(batch),
      logger: deps.logger,
      onFatal: (error) => deps.logger.error({ err: error }, 'the webhook dispatcher stopped consuming'),
    });
  }

  async start(): Promise<void> {
    await this.consumer.start();
    this.schedule();
  }

  /** The next poll starts `pollMs` after the last one ended, so slow receivers never pile polls up. */
  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sending = this.sendDue()
        .then(
          () => undefined,
          (error: unknown) =>
            this.deps.logger.error({ err: error }, 'sending due webhook deliveries failed; retrying at the next poll'),
        )
        .finally(() => this.schedule());
    }, this.deps.settings.pollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.consumer.stop();
    await this.sending;
  }

  /** Puts the deliveries one consumed sub-batch makes into the outbox, with the batch's offsets. */
  async consume(batch: PartitionBatch): Promise<void> {
    const base = this.topicBase(batch.topic);
    const rows: Omit<WebhookOutboxRow, 'attempts'>[] = [];
    for (const message of batch.messages) {
      const headerType = base === TOPICS.deadLetter ? 'dead-letter' : message.headers[EVENT_HEADERS.type];
      if (headerType !== undefined && kindsFor(base, headerType).length === 0) continue;
      const source = sourceMessageOf(base, message);
      if (!source) continue;
      for (const kind of kindsFor(base, source.type)) {
        const subscribers = await this.deps.repository.subscribers(source.tenant, kind, source.recordedAt);
        if (subscribers.length === 0) continue;
        const announcements = await WEBHOOK_KIND_SOURCES[kind].announce(source, this.deps.ports);
        for (const a of announcements)
          for (const s of subscribers) {
            const deliveryId = deliveryIdOf(source.tenant, s.id, a.sourceId);
            rows.push({
              deliveryId,
              tenant: source.tenant,
              webhookId: s.id,
              kind,
              sourceId: a.sourceId,
              body: JSON.stringify({
                id: deliveryId,
                kind,
                tenant: source.tenant,
                webhookId: s.id,
                sourceId: a.sourceId,
                occurredAt: source.recordedAt,
                data: a.data,
              }),
            });
          }
      }
    }
    const last = batch.messages[batch.messages.length - 1];
    this.deps.logger.debug(
      { topic: batch.topic, messages: batch.messages.length, deliveries: rows.length },
      'consumed',
    );
    await this.deps.repository.enqueue(
      this.deps.settings.groupId,
      rows,
      { topic: batch.topic, partition: batch.partition, nextOffset: (BigInt(last.offset) + 1n).toString() },
      this.deps.now(),
    );
  }

  /** Posts every due delivery once (in parallel, up to 20), recording each attempt. */
  async sendDue(): Promise<number> {
    if (this.stopped) return 0;
    const { settings } = this.deps;
    // The lease outlasts a POST and the attempt's publish: only a crashed dispatcher's claim runs out.
    const leaseMs = this.deps.leaseMs ?? settings.timeoutMs * 2 + 30_000;
    const due = await this.deps.repository.claimDue(this.deps.now(), leaseMs, CLAIM_LIMIT);
    await Promise.all(due.map((row) => this.attempt(row)));
    return due.length;
  }

  private async attempt(row: WebhookOutboxRow): Promise<void> {
    const { deps } = this;
    const subscription = await deps.repository.subscription(row.tenant, row.webhookId);
    if (!subscription || subscription.deletedAt !== null) {
      await deps.repository.drop(row.deliveryId);
      return;
    }
    const secret = openWebhookSecret(deps.ring(), row.tenant, row.webhookId, subscription.secret);
    const started = deps.now();
    const result = await this.post(subscription.url, row, secret, Math.floor(started.getTime() / 1000));
    const ended = deps.now();
    const attempt = row.attempts + 1;
    const outcome: WebhookAttemptOutcome = result.ok
      ? 'delivered'
      : attempt >= deps.settings.maxAttempts
        ? 'dead'
        : 'failed';
    const nextAttemptAt =
      outcome === 'failed'
        ? new Date(
            ended.getTime() +
              fullJitterDelayMs(attempt, deps.settings.backoffBaseMs, deps.settings.backoffMaxMs, deps.random),
          ).toISOString()
        : null;
    const event = sealEvent(
      validateEventInput(
        {
          type: 'webhook.delivery-attempted',
          idempotencyKey: `webhook-attempt:${row.deliveryId}:${attempt}`,
          occurredAt: started.toISOString(),
          data: {
            deliveryId: row.deliveryId,
            webhookId: row.webhookId,
            kind: row.kind as WebhookEventKind,
            sourceId: row.sourceId,
            attempt,
            outcome,
            httpStatus: result.status,
            error: result.error,
            durationMs: Math.max(0, ended.getTime() - started.getTime()),
            attemptedAt: started.toISOString(),
            nextAttemptAt,
          },
        },
        { types: ['webhook.delivery-attempted'] },
      ),
      { id: deps.newEventId(), recordedAt: ended.toISOString(), tenant: row.tenant, source: 'scheduler' },
    ) as WebhookDeliveryAttempted;
    await deps.publish(event);
    await deps.repository.recordAttempt(event);
    if (outcome === 'dead')
      deps.logger.warn(
        { deliveryId: row.deliveryId, webhookId: row.webhookId, attempts: attempt },
        'webhook delivery dead-lettered',
      );
  }

  private async post(
    url: string,
    row: WebhookOutboxRow,
    secret: string,
    timestamp: number,
  ): Promise<{ ok: boolean; status: number | null; error: string | null }> {
    const doFetch = this.deps.fetch ?? fetch;
    try {
      const response = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Hindsight-Webhooks/1',
          [SIGNATURE_HEADER]: signatureHeader(secret, timestamp, row.body),
          [DELIVERY_ID_HEADER]: row.deliveryId,
          [EVENT_KIND_HEADER]: row.kind,
        },
        body: row.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.deps.settings.timeoutMs),
      });
      // The answer's body is not read: only its status counts; cancelling frees the connection.
      await response.body?.cancel().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      return { ok, status: response.status, error: ok ? null : `HTTP ${response.status}` };
    } catch (error) {
      // Duck-typed: fetch's errors (a DOMException on timeout) may come from another realm than this module's Error.
      const e = error as { name?: unknown; message?: unknown; cause?: { message?: unknown } };
      const message =
        e?.name === 'TimeoutError'
          ? `no answer within ${this.deps.settings.timeoutMs} ms`
          : `${String(e?.message ?? error)}${typeof e?.cause?.message === 'string' ? `: ${e.cause.message}` : ''}`;
      return { ok: false, status: null, error: message.slice(0, MAX_ERROR_CHARS) };
    }
  }

  private topicBase(topic: string): TopicBase {
    const base = topic.slice(this.deps.topicPrefix.length) as TopicBase;
    return base;
  }
}
