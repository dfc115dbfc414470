import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Annotation queues, their comparison tasks, and the assignment of tasks to raters.
 *
 * The overlap is enforced by constraints, not only by the code that assigns:
 * an assignment carries its task's `overlap` (pinned by a foreign key to the
 * task row) and an `ordinal` 1..overlap that is unique per task, so a task can
 * never have more assignments than its overlap; (task, rater) is unique, so a
 * rater never gets the same task twice. `assigned_count` on the task is the
 * counter the assigner increments under a row lock, also checked <= overlap.
 */
export class AnnotationQueues1763900300000 implements MigrationInterface {
  name = 'AnnotationQueues1763900300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE annotation_queues (
        tenant            text        NOT NULL,
        id                text        NOT NULL,
        name              text        NOT NULL,
        overlap           integer     NOT NULL CHECK (overlap >= 1),
        counterbalance    boolean     NOT NULL,
        task_type         text,
        objective         text,
        guideline_version text,
        created_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant, id)
      )`);
    await queryRunner.query(`
      CREATE TABLE queue_tasks (
        tenant         text        NOT NULL,
        queue_id       text        NOT NULL,
        task_id        text        NOT NULL,
        seq            bigint      GENERATED ALWAYS AS IDENTITY,
        prompt         text        NOT NULL,
        responses      jsonb       NOT NULL CHECK (jsonb_typeof(responses) = 'array' AND jsonb_array_length(responses) >= 2),
        task_type      text,
        overlap        integer     NOT NULL CHECK (overlap >= 1),
        assigned_count integer     NOT NULL DEFAULT 0 CHECK (assigned_count >= 0 AND assigned_count <= overlap),
        base_order     text[],
        created_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant, queue_id, task_id),
        UNIQUE (tenant, queue_id, task_id, overlap),
        FOREIGN KEY (tenant, queue_id) REFERENCES annotation_queues (tenant, id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      'CREATE INDEX queue_tasks_open ON queue_tasks (tenant, queue_id, seq) WHERE assigned_count < overlap',
    );
    await queryRunner.query(`
      CREATE TABLE queue_assignments (
        id           text        PRIMARY KEY,
        tenant       text        NOT NULL,
        queue_id     text        NOT NULL,
        task_id      text        NOT NULL,
        rater_id     text        NOT NULL,
        overlap      integer     NOT NULL,
        ordinal      integer     NOT NULL CHECK (ordinal >= 1 AND ordinal <= overlap),
        shown_order  text[]      NOT NULL CHECK (cardinality(shown_order) >= 2),
        assigned_at  timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        UNIQUE (tenant, queue_id, task_id, rater_id),
        UNIQUE (tenant, queue_id, task_id, ordinal),
        FOREIGN KEY (tenant, queue_id, task_id, overlap) REFERENCES queue_tasks (tenant, queue_id, task_id, overlap) ON DELETE CASCADE
      )`);
    await queryRunner.query('CREATE INDEX queue_assignments_rater ON queue_assignments (tenant, queue_id, rater_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE queue_assignments');
    await queryRunner.query('DROP TABLE queue_tasks');
    await queryRunner.query('DROP TABLE annotation_queues');
  }
}
