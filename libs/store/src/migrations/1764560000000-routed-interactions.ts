import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Routing production traffic (issue #15):
 * - `routed_interactions`: the projection of `routing.interaction-routed`, one row per
 *   (tenant, decision); the review list and the routed tasks' link back to the
 *   interactions they were made from (an erasure deletes those tasks, a dataset build
 *   leaves out their comparisons). `task_created` marks an annotation task's row once the
 *   projector could make its queue task (queue and both interactions projected).
 * - `queue_tasks.redactions`: a routed task's redaction counts per kind (the routed and the paired
 *   interaction's `redactions`, summed); null for tasks enqueued through the api.
 * - `interactions_prompt`: the router pairs a routed response with another logged
 *   response of the same prompt (compared by MD5, then by text).
 */
export class RoutedInteractions1764560000000 implements MigrationInterface {
  name = 'RoutedInteractions1764560000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE routed_interactions (
         tenant                  text             NOT NULL,
         decision_id             text             NOT NULL,
         rule_id                 text             NOT NULL,
         rule_revision           integer          NOT NULL,
         interaction_id          text             NOT NULL,
         action                  text             NOT NULL,
         queue_id                text,
         paired_interaction_id   text,
         unpaired                boolean          NOT NULL DEFAULT false,
         endpoint                text,
         cell                    text,
         rate                    double precision NOT NULL,
         interaction_recorded_at timestamptz      NOT NULL,
         routed_at               timestamptz      NOT NULL,
         task_created            boolean          NOT NULL DEFAULT false,
         PRIMARY KEY (tenant, decision_id)
       )`,
    );
    await queryRunner.query(
      'CREATE INDEX routed_interactions_rule ON routed_interactions (tenant, rule_id, routed_at)',
    );
    await queryRunner.query(
      'CREATE INDEX routed_interactions_interaction ON routed_interactions (tenant, interaction_id)',
    );
    await queryRunner.query(
      'CREATE INDEX routed_interactions_paired ON routed_interactions (tenant, paired_interaction_id) WHERE paired_interaction_id IS NOT NULL',
    );
    await queryRunner.query(
      `CREATE INDEX routed_interactions_pending ON routed_interactions (tenant) WHERE action = 'annotation-task' AND NOT task_created AND NOT unpaired`,
    );
    await queryRunner.query(
      'CREATE INDEX interactions_prompt ON interactions (tenant, md5(prompt)) WHERE prompt IS NOT NULL',
    );
    await queryRunner.query('ALTER TABLE queue_tasks ADD COLUMN redactions jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX interactions_prompt');
    await queryRunner.query('ALTER TABLE queue_tasks DROP COLUMN redactions');
    await queryRunner.query('DROP TABLE routed_interactions');
  }
}
