import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency records become claims: a row is written before the api publishes
 * (`response` NULL: pending) and completed with the response once Kafka
 * acknowledged, so no transaction or advisory lock is held across the publish
 * (`IdempotencyRepository`). `claim_id` names the request that owns a pending
 * row; `claimed_at` starts its lease. Rows written before this migration are
 * completed and keep NULL in both.
 */
export class IdempotencyClaims1763900700000 implements MigrationInterface {
  name = 'IdempotencyClaims1763900700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE idempotency_records
        ALTER COLUMN response DROP NOT NULL,
        ADD COLUMN claim_id   uuid,
        ADD COLUMN claimed_at timestamptz,
        ADD CONSTRAINT idempotency_records_pending_is_claimed CHECK (response IS NOT NULL OR (claim_id IS NOT NULL AND claimed_at IS NOT NULL))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The old table cannot hold a pending claim. Dropping one is what a crash after
    // claiming does: a retry publishes again and the projector keeps the key once.
    await queryRunner.query('DELETE FROM idempotency_records WHERE response IS NULL');
    await queryRunner.query(`
      ALTER TABLE idempotency_records
        DROP CONSTRAINT idempotency_records_pending_is_claimed,
        DROP COLUMN claimed_at,
        DROP COLUMN claim_id,
        ALTER COLUMN response SET NOT NULL`);
  }
}
