import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A pending idempotency claim carries the id of the event it was claimed for (`event_id`, a UUIDv7 whose
 * time is the event's `recordedAt`). An api that dies after Kafka acknowledged and before it stored the
 * answer leaves the claim pending; a retry with the same request hash takes it over after the lease and
 * publishes that event again under the same id, so its answer names the copy the projector keeps
 * (`IdempotencyRepository`). Rows written before this migration have NULL: a takeover of one publishes
 * under the retry's own id, as before. Nullable without a default: adding it rewrites nothing.
 */
export class IdempotencyClaimedEvent1764620000000 implements MigrationInterface {
  name = 'IdempotencyClaimedEvent1764620000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE idempotency_records ADD COLUMN event_id uuid');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE idempotency_records DROP COLUMN event_id');
  }
}
