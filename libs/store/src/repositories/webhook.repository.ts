import type { DataSource } from 'typeorm';
import { planProjection } from '@hindsight/projections';
import type { HindsightEvent, WebhookDeliveryAttempted } from '@hindsight/contracts';
import { applyRecordChanges } from './record-projection';

export interface WebhookSubscriptionRow {
  readonly tenant: string;
  readonly id: string;
  readonly url: string;
  readonly kinds: readonly string[];
  readonly description: string | null;
  readonly secret: { readonly kekId: string; readonly wrapped: string };
  readonly createdAt: string;
  readonly deletedAt: string | null;
}

/** A delivery the dispatcher still has to make: written with the offsets of the message that made it. */
export interface WebhookOutboxRow {
  readonly deliveryId: string;
  readonly tenant: string;
  readonly webhookId: string;
  readonly kind: string;
  readonly sourceId: string;
  /** The JSON posted at every attempt, byte for byte. */
  readonly body: string;
  /** Attempts made so far. */
  readonly attempts: number;
}

export interface WebhookDeliveryAttemptItem {
  readonly attempt: number;
  readonly outcome: 'delivered' | 'failed' | 'dead';
  readonly httpStatus: number | null;
  readonly error: string | null;
  readonly durationMs: number;
  readonly attemptedAt: string;
  readonly nextAttemptAt: string | null;
}

export interface WebhookDeliveryItem {
  readonly deliveryId: string;
  readonly webhookId: string;
  readonly kind: string;
  readonly sourceId: string;
  readonly status: 'delivered' | 'failed' | 'dead';
  readonly attempts: readonly WebhookDeliveryAttemptItem[];
  readonly firstAttemptedAt: string;
  readonly lastAttemptedAt: string;
  readonly nextAttemptAt: string | null;
}

interface SubscriptionRaw {
  tenant: string;
  id: string;
  url: string;
  kinds: string[];
  description: string | null;
  kek_id: string;
  secret_wrapped: string;
  created_at: Date;
  deleted_at: Date | null;
}

const toSubscription = (r: SubscriptionRaw): WebhookSubscriptionRow => ({
  tenant: r.tenant,
  id: r.id,
  url: r.url,
  kinds: r.kinds,
  description: r.description,
  secret: { kekId: r.kek_id, wrapped: r.secret_wrapped },
  createdAt: r.created_at.toISOString(),
  deletedAt: r.deleted_at?.toISOString() ?? null,
});

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** Webhook subscriptions, the dispatcher's outbox and the deliveries view. */
export class WebhookRepository {
  constructor(private readonly dataSource: DataSource) {}

  async subscriptions(tenant: string, options: { includeDeleted?: boolean } = {}): Promise<WebhookSubscriptionRow[]> {
    const rows: SubscriptionRaw[] = await this.dataSource.query(
      'SELECT * FROM webhook_subscriptions WHERE tenant = $1 AND ($2 OR deleted_at IS NULL) ORDER BY created_at, id',
      [tenant, options.includeDeleted ?? false],
    );
    return rows.map(toSubscription);
  }

  async subscription(tenant: string, id: string): Promise<WebhookSubscriptionRow | undefined> {
    const rows: SubscriptionRaw[] = await this.dataSource.query(
      'SELECT * FROM webhook_subscriptions WHERE tenant = $1 AND id = $2',
      [tenant, id],
    );
    return rows.length === 0 ? undefined : toSubscription(rows[0]);
  }

  /** The tenant's live subscriptions to `kind` that existed when the source was recorded. */
  async subscribers(tenant: string, kind: string, recordedAt: string): Promise<WebhookSubscriptionRow[]> {
    const rows: SubscriptionRaw[] = await this.dataSource.query(
      `SELECT * FROM webhook_subscriptions
        WHERE tenant = $1 AND $2 = ANY(kinds) AND deleted_at IS NULL AND created_at <= $3 ORDER BY id`,
      [tenant, kind, recordedAt],
    );
    return rows.map(toSubscription);
  }

  async storedOffsets(group: string): Promise<{ topic: string; partition: number; nextOffset: string }[]> {
    const rows: { topic: string; partition: number; next_offset: string }[] = await this.dataSource.query(
      'SELECT topic, partition, next_offset FROM consumer_offsets WHERE consumer_group = $1',
      [group],
    );
    return rows.map((r) => ({ topic: r.topic, partition: r.partition, nextOffset: String(r.next_offset) }));
  }

  /**
   * Puts new deliveries in the outbox and moves the group's offset past the batch, in one
   * transaction. A delivery already in the outbox, or already delivered or dead (the
   * deliveries view, rebuilt from Kafka), is not put back.
   */
  async enqueue(
    group: string,
    rows: readonly Omit<WebhookOutboxRow, 'attempts'>[],
    position: { topic: string; partition: number; nextOffset: string },
    at: Date,
  ): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      if (rows.length > 0)
        await tx.query(
          `INSERT INTO webhook_outbox (delivery_id, tenant, webhook_id, kind, source_id, body, attempts, next_attempt_at, created_at)
           SELECT r.delivery_id, r.tenant, r.webhook_id, r.kind, r.source_id, r.body, 0, $2, $2
             FROM jsonb_to_recordset($1::jsonb) AS r(delivery_id uuid, tenant text, webhook_id text, kind text, source_id text, body text)
            WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.delivery_id = r.delivery_id AND d.status IN ('delivered', 'dead'))
           ON CONFLICT (delivery_id) DO NOTHING`,
          [
            JSON.stringify(
              rows.map((r) => ({
                delivery_id: r.deliveryId,
                tenant: r.tenant,
                webhook_id: r.webhookId,
                kind: r.kind,
                source_id: r.sourceId,
                body: r.body,
              })),
            ),
            at.toISOString(),
          ],
        );
      await tx.query(
        `INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset, updated_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (consumer_group, topic, partition)
         DO UPDATE SET next_offset = GREATEST(consumer_offsets.next_offset, EXCLUDED.next_offset), updated_at = now()`,
        [group, position.topic, position.partition, position.nextOffset],
      );
    });
  }

  /**
   * Takes up to `limit` due deliveries for `leaseMs`: another dispatcher (or this one
   * after a crash) takes them again only when the lease ran out, with the same delivery id.
   */
  async claimDue(at: Date, leaseMs: number, limit: number): Promise<WebhookOutboxRow[]> {
    const rows: {
      delivery_id: string;
      tenant: string;
      webhook_id: string;
      kind: string;
      source_id: string;
      body: string;
      attempts: number;
    }[] = await this.dataSource.query(
      // In a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count], a SELECT with the rows.
      `WITH claimed AS (
         UPDATE webhook_outbox o SET next_attempt_at = $1::timestamptz + make_interval(secs => $2::double precision / 1000)
          WHERE o.delivery_id IN (SELECT delivery_id FROM webhook_outbox WHERE next_attempt_at <= $1
                                  ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
          RETURNING o.delivery_id, o.tenant, o.webhook_id, o.kind, o.source_id, o.body, o.attempts)
       SELECT * FROM claimed`,
      [at.toISOString(), leaseMs, limit],
    );
    return rows.map((r) => ({
      deliveryId: r.delivery_id,
      tenant: r.tenant,
      webhookId: r.webhook_id,
      kind: r.kind,
      sourceId: r.source_id,
      body: r.body,
      attempts: r.attempts,
    }));
  }

  /**
   * After Kafka acknowledged an attempt: writes it into the deliveries view (the projector's
   * code) and moves the outbox row on — to its next attempt, or out when delivered or dead.
   */
  async recordAttempt(event: WebhookDeliveryAttempted): Promise<void> {
    const d = event.data;
    await this.dataSource.transaction(async (tx) => {
      await applyRecordChanges(tx, planProjection([event]).records);
      if (d.outcome === 'failed')
        await tx.query('UPDATE webhook_outbox SET attempts = $2, next_attempt_at = $3 WHERE delivery_id = $1', [
          d.deliveryId,
          d.attempt,
          d.nextAttemptAt,
        ]);
      else await tx.query('DELETE FROM webhook_outbox WHERE delivery_id = $1', [d.deliveryId]);
    });
  }

  /** A delivery whose webhook was deleted (or is unknown) leaves the outbox without an attempt. */
  async drop(deliveryId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM webhook_outbox WHERE delivery_id = $1', [deliveryId]);
  }

  /** The tenant's deliveries, newest first, each with every attempt. */
  async deliveries(
    tenant: string,
    options: { status?: string; webhookId?: string; limit: number },
  ): Promise<WebhookDeliveryItem[]> {
    const rows: {
      delivery_id: string;
      webhook_id: string;
      kind: string;
      source_id: string;
      status: 'delivered' | 'failed' | 'dead';
      first_attempted_at: Date;
      last_attempted_at: Date;
      next_attempt_at: Date | null;
      attempts: {
        attempt: number;
        outcome: 'delivered' | 'failed' | 'dead';
        http_status: number | null;
        error: string | null;
        duration_ms: number;
        attempted_at: string;
        next_attempt_at: string | null;
      }[];
    }[] = await this.dataSource.query(
      `SELECT d.delivery_id, d.webhook_id, d.kind, d.source_id, d.status, d.first_attempted_at, d.last_attempted_at, d.next_attempt_at,
              (SELECT COALESCE(jsonb_agg(jsonb_build_object('attempt', a.attempt, 'outcome', a.outcome, 'http_status', a.http_status,
                        'error', a.error, 'duration_ms', a.duration_ms, 'attempted_at', a.attempted_at, 'next_attempt_at', a.next_attempt_at)
                      ORDER BY a.attempt, a.attempted_at), '[]'::jsonb)
                 FROM webhook_delivery_attempts a WHERE a.delivery_id = d.delivery_id) AS attempts
         FROM webhook_deliveries d
        WHERE d.tenant = $1 AND ($2::text IS NULL OR d.status = $2) AND ($3::text IS NULL OR d.webhook_id = $3)
        ORDER BY d.last_attempted_at DESC, d.delivery_id LIMIT $4`,
      [tenant, options.status ?? null, options.webhookId ?? null, options.limit],
    );
    return rows.map((r) => ({
      deliveryId: r.delivery_id,
      webhookId: r.webhook_id,
      kind: r.kind,
      sourceId: r.source_id,
      status: r.status,
      firstAttemptedAt: r.first_attempted_at.toISOString(),
      lastAttemptedAt: r.last_attempted_at.toISOString(),
      nextAttemptAt: iso(r.next_attempt_at),
      attempts: r.attempts.map((a) => ({
        attempt: a.attempt,
        outcome: a.outcome,
        httpStatus: a.http_status,
        error: a.error,
        durationMs: a.duration_ms,
        attemptedAt: new Date(a.attempted_at).toISOString(),
        nextAttemptAt: a.next_attempt_at === null ? null : new Date(a.next_attempt_at).toISOString(),
      })),
    }));
  }
}

/** Applies a published `webhook.subscribed` / `webhook.unsubscribed` with the projector's code (the write path's second step). */
export function applyWebhookRecord(db: DataSource, event: HindsightEvent): Promise<void> {
  return applyRecordChanges(db, planProjection([event]).records);
}
