import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The comparisons that named a queue assignment (`comparison.recorded` with `queueId` and
 * `assignmentId`), by assignment: the projection completes an assignment from its comparison,
 * not only from `queue.assignment-completed`, and a rebuild may apply the comparison (annotations
 * topic) before the assignment (queues topic); the assignment is completed from here when it is
 * inserted. Ids and times only (the rater's data stays in the sealed comparison), so a rater's
 * erasure leaves these rows, as it leaves the assignments. A projection table: a replay rebuilds it.
 */
export class AssignmentJudgments1796652591062 implements MigrationInterface {
  name = 'AssignmentJudgments1796652591062';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE assignment_judgments (
        tenant        text        NOT NULL,
        assignment_id text        NOT NULL,
        annotation_id uuid        NOT NULL,
        queue_id      text        NOT NULL,
        task_id       text        NOT NULL,
        judged_at     timestamptz NOT NULL,
        PRIMARY KEY (tenant, assignment_id, annotation_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE assignment_judgments');
  }
}
