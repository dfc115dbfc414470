import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Raters say what kind they are (`rater.profiled` v2): `human`, or `model` — an AI judge with its model id and
 * the prompt and/or constitution version it judged with. Rows projected before this migration are people (every
 * v1 profile upcasts to `human`), which the column's default says; a replay fills the same values from the events.
 */
export class RaterKinds1764610000000 implements MigrationInterface {
  name = 'RaterKinds1764610000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE raters ADD COLUMN kind text NOT NULL DEFAULT 'human' CHECK (kind IN ('human', 'model')),
         ADD COLUMN model_id text, ADD COLUMN prompt_version text, ADD COLUMN constitution_version text`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE raters DROP COLUMN constitution_version, DROP COLUMN prompt_version, DROP COLUMN model_id, DROP COLUMN kind',
    );
  }
}
