import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A registry entry of a per-group run carries its family (`model.registered`'s
 * `family`: the pooled model, one model per rater group, the groups too small to
 * train, the disagreement report, the blend weights used); null otherwise. Blend
 * weights (`blend.weights-assigned`) stay in the event store, read by tenant, type
 * and time (`events_tenant_type_recorded`).
 */
export class ModelFamilies1764600000000 implements MigrationInterface {
  name = 'ModelFamilies1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE model_versions ADD COLUMN family jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE model_versions DROP COLUMN family');
  }
}
