import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `model_outcome_audits`: the projection of `model.outcome-audited`, one row per
 * audit of a registered model against outcomes (overall and per surface, with
 * the parent's AUC and the paired difference). The registry shows a model's
 * latest audit; a replay rebuilds them from the retraining topic.
 */
export class ModelOutcomeAudits1764580000000 implements MigrationInterface {
  name = 'ModelOutcomeAudits1764580000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE model_outcome_audits (
         tenant         text             NOT NULL,
         audit_id       text             NOT NULL,
         event_id       uuid             NOT NULL,
         run_id         text             NOT NULL,
         objective      text             NOT NULL,
         model_version  text             NOT NULL,
         parent_version text,
         as_of          timestamptz      NOT NULL,
         trigger        text             NOT NULL,
         method         text             NOT NULL,
         level          double precision NOT NULL,
         overall        jsonb            NOT NULL,
         by_surface     jsonb            NOT NULL,
         flagged        boolean          NOT NULL,
         recorded_at    timestamptz      NOT NULL,
         PRIMARY KEY (tenant, audit_id)
       )`,
    );
    await queryRunner.query(
      'CREATE INDEX model_outcome_audits_latest ON model_outcome_audits (tenant, model_version, recorded_at DESC, audit_id DESC)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE model_outcome_audits');
  }
}
