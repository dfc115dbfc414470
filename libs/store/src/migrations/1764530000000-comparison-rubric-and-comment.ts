import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Comparisons keep their rubric scores and comment (`comparison.recorded` v2): `rubric` is `{}` for none
 * (every v1 comparison), `comment` null. Rows projected before this migration are filled from the event
 * store (the projector's opened copy of each event; an erased one is left empty), as a replay fills them.
 */
export class ComparisonRubricAndComment1764530000000 implements MigrationInterface {
  name = 'ComparisonRubricAndComment1764530000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE comparisons ADD COLUMN rubric jsonb NOT NULL DEFAULT '{}'::jsonb, ADD COLUMN comment text`,
    );
    await queryRunner.query(
      `UPDATE comparisons c
          SET rubric = COALESCE(e.payload -> 'data' -> 'rubric', '{}'::jsonb), comment = e.payload -> 'data' ->> 'comment'
         FROM events e
        WHERE e.id = c.annotation_id AND e.recorded_at = c.recorded_at AND e.tenant = c.tenant
          AND e.type = 'comparison.recorded' AND e.version >= 2 AND NOT e.erased AND NOT c.erased
          AND (e.payload -> 'data' ? 'rubric' OR e.payload -> 'data' ? 'comment')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE comparisons DROP COLUMN comment, DROP COLUMN rubric');
  }
}
