import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Queue tasks become a projection of `queue.task-enqueued` events: a task's
 * place in its queue (`seq`) travels in the event, so a rebuild hands tasks out
 * in the same order. An identity column would number them by arrival across
 * every queue and partition, which a replay cannot reproduce. Existing values
 * stay; new ones continue from the queue's highest.
 */
export class QueueTasksSeqFromEvents1764300000000 implements MigrationInterface {
  name = 'QueueTasksSeqFromEvents1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE queue_tasks ALTER COLUMN seq DROP IDENTITY');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE queue_tasks ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY');
    await queryRunner.query(
      "SELECT setval(pg_get_serial_sequence('queue_tasks', 'seq'), COALESCE(max(seq), 0) + 1, false) FROM queue_tasks",
    );
  }
}
