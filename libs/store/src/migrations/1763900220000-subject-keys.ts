import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One AES-256 key per personal subject (a rater, an interaction). Events with
 * personal content are encrypted with it on Kafka; erasure destroys the key, so
 * the immutable log keeps only ciphertext nobody can read (crypto-shredding).
 * This table is NOT rebuilt from Kafka: back it up like the API keys.
 */
export class SubjectKeys1763900220000 implements MigrationInterface {
  name = 'SubjectKeys1763900220000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE subject_keys (
        tenant       text        NOT NULL,
        subject_kind text        NOT NULL CHECK (subject_kind IN ('rater', 'interaction')),
        subject_id   text        NOT NULL,
        key          bytea       CHECK (key IS NULL OR length(key) = 32),
        created_at   timestamptz NOT NULL DEFAULT now(),
        destroyed_at timestamptz,
        PRIMARY KEY (tenant, subject_kind, subject_id),
        CHECK ((key IS NULL) = (destroyed_at IS NOT NULL))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE subject_keys');
  }
}
