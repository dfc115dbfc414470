import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PII redaction: each tenant's redaction policy (`redaction-policy.configured`, the latest `set_at` wins), and
 * on each interaction the matches of personal data the api replaced, per kind (`interaction.logged`
 * v2's `redaction.counts`; null when nothing was redacted: none found, redaction off, or logged before v2). Both are
 * projections: a replay rebuilds them from Kafka.
 */
export class Redaction1764550000000 implements MigrationInterface {
  name = 'Redaction1764550000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE redaction_policies (
         tenant       text        PRIMARY KEY,
         mode         text        NOT NULL CHECK (mode IN ('off', 'redact', 'refuse')),
         phone_region text,
         custom       jsonb       NOT NULL,
         set_by       text        NOT NULL,
         set_at       timestamptz NOT NULL
       )`,
    );
    await queryRunner.query('ALTER TABLE interactions ADD COLUMN redactions jsonb');
    await queryRunner.query(
      `UPDATE interactions i SET redactions = e.payload -> 'data' -> 'redaction' -> 'counts'
         FROM events e
        WHERE e.tenant = i.tenant AND e.type = 'interaction.logged' AND e.version >= 2 AND NOT e.erased
          AND e.subject_kind = 'interaction' AND e.subject_id = i.interaction_id AND e.recorded_at = i.recorded_at
          AND e.payload -> 'data' ? 'redaction'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE interactions DROP COLUMN redactions');
    await queryRunner.query('DROP TABLE redaction_policies');
  }
}
