import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Annotation queues keep their rubric dimensions (`queue.created` v2 `rubric`), null for none; rebuilt from the log with the queue. */
export class QueueRubrics1764520000000 implements MigrationInterface {
  name = 'QueueRubrics1764520000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE annotation_queues ADD COLUMN rubric jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE annotation_queues DROP COLUMN rubric');
  }
}
