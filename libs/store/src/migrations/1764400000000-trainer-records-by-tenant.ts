import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trainer runs and the model registry become projections of the retraining
 * topic (`retrain.requested`, `retrain.run-advanced`, `model.registered`),
 * scoped by tenant.
 *
 * - A run id is chosen by the client, so it is unique per tenant only:
 *   `trainer_runs` and `model_versions` are keyed by (tenant, …), and a second
 *   tenant with the same run id gets its own run.
 * - Projection tables are swapped in whole by a replay and rebuilt in Kafka
 *   order per partition, while a model's parent is another run (another
 *   partition): no foreign keys between them, nor from the outbox, which stays
 *   in the live schema when the runs table is swapped.
 * - Which runs the trainer took on (consumed the request of) and its attempts
 *   at each are its bookkeeping, not facts of the log: they move to
 *   `trainer_run_attempts`, which a replay leaves alone.
 *
 * `down` fails if two tenants share a run id or a model version by then.
 */
export class TrainerRecordsByTenant1764400000000 implements MigrationInterface {
  name = 'TrainerRecordsByTenant1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      'ALTER TABLE model_versions DROP CONSTRAINT model_versions_parent_version_fkey',
      'ALTER TABLE model_versions DROP CONSTRAINT model_versions_run_id_fkey',
      'ALTER TABLE trainer_outbox DROP CONSTRAINT trainer_outbox_run_id_fkey',
      'ALTER TABLE trainer_outbox DROP CONSTRAINT trainer_outbox_run_id_type_key',
      'CREATE INDEX trainer_outbox_run ON trainer_outbox (tenant, run_id)',
      'ALTER TABLE trainer_runs DROP CONSTRAINT trainer_runs_pkey',
      'ALTER TABLE trainer_runs ADD PRIMARY KEY (tenant, run_id)',
      'ALTER TABLE model_versions DROP CONSTRAINT model_versions_pkey',
      'ALTER TABLE model_versions ADD PRIMARY KEY (tenant, model_version)',
      `CREATE TABLE trainer_run_attempts (
         tenant   text    NOT NULL,
         run_id   text    NOT NULL,
         attempts integer NOT NULL,
         PRIMARY KEY (tenant, run_id)
       )`,
      'INSERT INTO trainer_run_attempts (tenant, run_id, attempts) SELECT tenant, run_id, attempts FROM trainer_runs',
      'ALTER TABLE trainer_runs DROP COLUMN attempts',
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      'ALTER TABLE trainer_runs ADD COLUMN attempts integer NOT NULL DEFAULT 0',
      'UPDATE trainer_runs r SET attempts = a.attempts FROM trainer_run_attempts a WHERE a.tenant = r.tenant AND a.run_id = r.run_id',
      'DROP TABLE trainer_run_attempts',
      'ALTER TABLE model_versions DROP CONSTRAINT model_versions_pkey',
      'ALTER TABLE model_versions ADD PRIMARY KEY (model_version)',
      'ALTER TABLE trainer_runs DROP CONSTRAINT trainer_runs_pkey',
      'ALTER TABLE trainer_runs ADD PRIMARY KEY (run_id)',
      'DROP INDEX trainer_outbox_run',
      'ALTER TABLE trainer_outbox ADD CONSTRAINT trainer_outbox_run_id_type_key UNIQUE (run_id, type)',
      'ALTER TABLE trainer_outbox ADD CONSTRAINT trainer_outbox_run_id_fkey FOREIGN KEY (run_id) REFERENCES trainer_runs (run_id)',
      'ALTER TABLE model_versions ADD CONSTRAINT model_versions_run_id_fkey FOREIGN KEY (run_id) REFERENCES trainer_runs (run_id)',
      'ALTER TABLE model_versions ADD CONSTRAINT model_versions_parent_version_fkey FOREIGN KEY (parent_version) REFERENCES model_versions (model_version)',
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }
}
