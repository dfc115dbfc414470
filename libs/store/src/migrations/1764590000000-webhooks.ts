import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbound webhooks (issue #15, item 5):
 *
 * - `webhook_subscriptions`: projection of `webhook.subscribed` / `webhook.unsubscribed` (configuration topic),
 *   with the signing secret as it is on Kafka (wrapped under the key-encryption key).
 * - `webhook_delivery_attempts`: every attempt (`webhook.delivery-attempted`, webhooks topic).
 * - `webhook_deliveries`: one row per delivery, its latest attempt's outcome. Both rebuilt by a replay.
 * - `webhook_outbox`: the dispatcher's work in flight (deliveries not yet accepted or dead), written with the
 *   dispatcher's consumer offsets in one transaction; operational state, not a projection.
 */
export class Webhooks1764590000000 implements MigrationInterface {
  name = 'Webhooks1764590000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE webhook_subscriptions (
         tenant         text        NOT NULL,
         id             text        NOT NULL,
         url            text        NOT NULL,
         kinds          text[]      NOT NULL,
         description    text,
         kek_id         text        NOT NULL,
         secret_wrapped text        NOT NULL,
         created_at     timestamptz NOT NULL,
         deleted_at     timestamptz,
         PRIMARY KEY (tenant, id)
       )`,
      `CREATE TABLE webhook_delivery_attempts (
         event_id        uuid        PRIMARY KEY,
         tenant          text        NOT NULL,
         delivery_id     uuid        NOT NULL,
         webhook_id      text        NOT NULL,
         kind            text        NOT NULL,
         source_id       text        NOT NULL,
         attempt         integer     NOT NULL,
         outcome         text        NOT NULL CHECK (outcome IN ('delivered', 'failed', 'dead')),
         http_status     integer,
         error           text,
         duration_ms     integer     NOT NULL,
         attempted_at    timestamptz NOT NULL,
         next_attempt_at timestamptz
       )`,
      'CREATE INDEX webhook_delivery_attempts_delivery ON webhook_delivery_attempts (delivery_id, attempt)',
      `CREATE TABLE webhook_deliveries (
         delivery_id        uuid        PRIMARY KEY,
         tenant             text        NOT NULL,
         webhook_id         text        NOT NULL,
         kind               text        NOT NULL,
         source_id          text        NOT NULL,
         status             text        NOT NULL CHECK (status IN ('delivered', 'failed', 'dead')),
         attempts           integer     NOT NULL,
         last_http_status   integer,
         last_error         text,
         first_attempted_at timestamptz NOT NULL,
         last_attempted_at  timestamptz NOT NULL,
         next_attempt_at    timestamptz
       )`,
      'CREATE INDEX webhook_deliveries_tenant_status ON webhook_deliveries (tenant, status, last_attempted_at)',
      `CREATE TABLE webhook_outbox (
         delivery_id     uuid        PRIMARY KEY,
         tenant          text        NOT NULL,
         webhook_id      text        NOT NULL,
         kind            text        NOT NULL,
         source_id       text        NOT NULL,
         body            text        NOT NULL,
         attempts        integer     NOT NULL DEFAULT 0,
         next_attempt_at timestamptz NOT NULL,
         created_at      timestamptz NOT NULL
       )`,
      'CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at)',
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['webhook_outbox', 'webhook_deliveries', 'webhook_delivery_attempts', 'webhook_subscriptions'])
      await queryRunner.query(`DROP TABLE ${table}`);
  }
}
