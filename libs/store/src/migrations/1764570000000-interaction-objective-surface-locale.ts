import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Interactions keep the objective, surface and locale they name (`interaction.logged` v2), null when
 * they name none (every v1 interaction). Rows projected before this migration are filled from the event
 * store (the projector's opened copy of each event; an erased one is left as it is), as a replay fills
 * them. The index serves the per-(objective, surface) drift window, which reads a tenant's latest
 * interactions of one objective.
 */
export class InteractionObjectiveSurfaceLocale1764570000000 implements MigrationInterface {
  name = 'InteractionObjectiveSurfaceLocale1764570000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE interactions ADD COLUMN objective text, ADD COLUMN surface text, ADD COLUMN locale text',
    );
    await queryRunner.query(
      `UPDATE interactions i
          SET objective = e.payload -> 'data' ->> 'objective',
              surface = e.payload -> 'data' ->> 'surface',
              locale = e.payload -> 'data' ->> 'locale'
         FROM events e
        WHERE e.tenant = i.tenant AND e.subject_kind = 'interaction' AND e.subject_id = i.interaction_id
          AND e.type = 'interaction.logged' AND e.version >= 2 AND NOT e.erased AND NOT i.erased
          AND (e.payload -> 'data' ? 'objective' OR e.payload -> 'data' ? 'surface' OR e.payload -> 'data' ? 'locale')`,
    );
    await queryRunner.query(
      'CREATE INDEX interactions_tenant_objective_recorded ON interactions (tenant, objective, recorded_at) WHERE objective IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX interactions_tenant_objective_recorded');
    await queryRunner.query('ALTER TABLE interactions DROP COLUMN locale, DROP COLUMN surface, DROP COLUMN objective');
  }
}
