import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subject keys are stored wrapped under a key-encryption key (`kek_id` names it)
 * and become a projection of the subject-keys topic: `wrapped_at` orders the
 * wrappings of one subject (a rotation is newer), `on_log` says the wrapped key
 * is durable on Kafka (no event sealed with it is published before).
 *
 * The plaintext `key` column goes at once where it holds nothing (a new or an
 * empty database); an existing deployment keeps it until `hindsight kek migrate`
 * has wrapped and published every key, and that command drops it.
 */
export class WrappedSubjectKeys1764000000000 implements MigrationInterface {
  name = 'WrappedSubjectKeys1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      'ALTER TABLE subject_keys ADD COLUMN wrapped_key bytea CHECK (wrapped_key IS NULL OR length(wrapped_key) = 60)',
      'ALTER TABLE subject_keys ADD COLUMN kek_id text',
      'ALTER TABLE subject_keys ADD COLUMN wrapped_at timestamptz',
      'ALTER TABLE subject_keys ADD COLUMN on_log boolean NOT NULL DEFAULT false',
      'ALTER TABLE subject_keys DROP CONSTRAINT IF EXISTS subject_keys_check',
      'ALTER TABLE subject_keys ADD CONSTRAINT subject_keys_wrapped CHECK ((wrapped_key IS NULL) = (kek_id IS NULL) AND (wrapped_key IS NULL) = (wrapped_at IS NULL))',
      'ALTER TABLE subject_keys ADD CONSTRAINT subject_keys_destroyed_holds_nothing CHECK (destroyed_at IS NULL OR wrapped_key IS NULL)',
      'CREATE INDEX subject_keys_by_kek ON subject_keys (kek_id) WHERE kek_id IS NOT NULL',
      'CREATE INDEX subject_keys_not_on_log ON subject_keys (tenant) WHERE NOT on_log AND destroyed_at IS NULL',
    ];
    for (const sql of statements) await queryRunner.query(sql);
    const rows = (await queryRunner.query(
      'SELECT count(*)::int AS plaintext FROM subject_keys WHERE key IS NOT NULL',
    )) as { plaintext: number }[] | undefined;
    if (Number(rows?.[0]?.plaintext ?? 0) === 0) await queryRunner.query('ALTER TABLE subject_keys DROP COLUMN key');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE subject_keys ADD COLUMN IF NOT EXISTS key bytea CHECK (key IS NULL OR length(key) = 32)',
    );
    for (const sql of [
      'DROP INDEX subject_keys_not_on_log',
      'DROP INDEX subject_keys_by_kek',
      'ALTER TABLE subject_keys DROP CONSTRAINT subject_keys_destroyed_holds_nothing',
      'ALTER TABLE subject_keys DROP CONSTRAINT subject_keys_wrapped',
      'ALTER TABLE subject_keys DROP COLUMN on_log',
      'ALTER TABLE subject_keys DROP COLUMN wrapped_at',
      'ALTER TABLE subject_keys DROP COLUMN kek_id',
      'ALTER TABLE subject_keys DROP COLUMN wrapped_key',
    ]) {
      await queryRunner.query(sql);
    }
  }
}
