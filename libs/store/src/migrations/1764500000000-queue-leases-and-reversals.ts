import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Annotation queues get leases, reversal checks and guidelines
 * (`queue.assignment-expired`, `queue.task-assigned.reversalOf`,
 * `queue.created.guidelines` / `reversalShare`).
 *
 * - An expired assignment stays (the rater it was served to does not get the
 *   task again) but frees its slot: the slot's uniqueness and the task's
 *   `assigned_count` count live assignments only (not expired, not reversal checks).
 * - A reversal check is a second assignment of the same task to the same
 *   rater (`reversal_of` names the first): at most one per assignment.
 *
 * `down` fails when a task holds two assignments of one slot or rater by then.
 */
export class QueueLeasesAndReversals1764500000000 implements MigrationInterface {
  name = 'QueueLeasesAndReversals1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE annotation_queues ADD COLUMN guidelines text, ADD COLUMN reversal_share double precision',
    );
    await queryRunner.query(
      'ALTER TABLE queue_assignments ADD COLUMN expired_at timestamptz, ADD COLUMN reversal_of text',
    );
    await queryRunner.query(
      'ALTER TABLE queue_assignments DROP CONSTRAINT queue_assignments_tenant_queue_id_task_id_rater_id_key',
    );
    await queryRunner.query(
      'ALTER TABLE queue_assignments DROP CONSTRAINT queue_assignments_tenant_queue_id_task_id_ordinal_key',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX queue_assignments_rater_once ON queue_assignments (tenant, queue_id, task_id, rater_id) WHERE reversal_of IS NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX queue_assignments_live_slot ON queue_assignments (tenant, queue_id, task_id, ordinal) WHERE reversal_of IS NULL AND expired_at IS NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX queue_assignments_reversal_once ON queue_assignments (tenant, reversal_of) WHERE reversal_of IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX queue_assignments_reversal_once');
    await queryRunner.query('DROP INDEX queue_assignments_live_slot');
    await queryRunner.query('DROP INDEX queue_assignments_rater_once');
    await queryRunner.query('DELETE FROM queue_assignments WHERE reversal_of IS NOT NULL');
    await queryRunner.query(
      'ALTER TABLE queue_assignments ADD CONSTRAINT queue_assignments_tenant_queue_id_task_id_ordinal_key UNIQUE (tenant, queue_id, task_id, ordinal)',
    );
    await queryRunner.query(
      'ALTER TABLE queue_assignments ADD CONSTRAINT queue_assignments_tenant_queue_id_task_id_rater_id_key UNIQUE (tenant, queue_id, task_id, rater_id)',
    );
    await queryRunner.query('ALTER TABLE queue_assignments DROP COLUMN reversal_of, DROP COLUMN expired_at');
    await queryRunner.query('ALTER TABLE annotation_queues DROP COLUMN reversal_share, DROP COLUMN guidelines');
  }
}
