import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drift readings per objective and surface (`drift.measured` v2): the objective and surface a reading is of
 * (null: a v1 reading of the policy's objectives together; surface null: the objective's whole traffic), the
 * sliding window's start, length and locale-mix drift, and the prompts compared on each side. Readings
 * projected before this migration are all v1, so the new columns stay null for them, as a replay leaves them.
 */
export class DriftPerObjective1764570100000 implements MigrationInterface {
  name = 'DriftPerObjective1764570100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE drift_measurements
         ADD COLUMN objective text, ADD COLUMN surface text, ADD COLUMN window_from timestamptz,
         ADD COLUMN length_drift double precision, ADD COLUMN locale_mix_drift double precision,
         ADD COLUMN trained_on_prompts integer, ADD COLUMN deployed_prompts integer`,
    );
    await queryRunner.query(
      'CREATE INDEX drift_measurements_tenant_objective ON drift_measurements (tenant, objective, measured_at) WHERE objective IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX drift_measurements_tenant_objective');
    await queryRunner.query(
      `ALTER TABLE drift_measurements DROP COLUMN objective, DROP COLUMN surface, DROP COLUMN window_from,
         DROP COLUMN length_drift, DROP COLUMN locale_mix_drift, DROP COLUMN trained_on_prompts, DROP COLUMN deployed_prompts`,
    );
  }
}
