import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * For the read API (issue #13):
 *
 * - `retrain_runs.requested_at`: when the run was first recorded (its
 *   `retrain.requested`, which comes first on the run's partition). Runs are
 *   paged by it: `updated_at` moves as a run advances, so a run could be seen
 *   twice or missed by a client paging while it advances.
 * - `drift_measurements`: the projection of `drift.measured`, the scheduler's
 *   drift readings per policy, with the run a reading triggered. Rebuilt from
 *   the log by a replay (it is in the swap list).
 * - Indexes for listing by time per tenant.
 */
export class ReadApi1764510000000 implements MigrationInterface {
  name = 'ReadApi1764510000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      'ALTER TABLE retrain_runs ADD COLUMN requested_at timestamptz',
      `UPDATE retrain_runs r SET requested_at = COALESCE(
         (SELECT min(e.recorded_at) FROM events e WHERE e.tenant = r.tenant AND e.subject_kind = 'run' AND e.subject_id = r.run_id),
         r.updated_at)`,
      'ALTER TABLE retrain_runs ALTER COLUMN requested_at SET NOT NULL',
      'CREATE INDEX retrain_runs_tenant_requested ON retrain_runs (tenant, requested_at)',
      `CREATE TABLE drift_measurements (
         event_id    uuid             PRIMARY KEY,
         tenant      text             NOT NULL,
         policy_id   text             NOT NULL,
         objectives  text[]           NOT NULL,
         since       timestamptz      NOT NULL,
         value       double precision NOT NULL,
         threshold   double precision,
         measure     text             NOT NULL,
         run_id      text,
         measured_at timestamptz      NOT NULL
       )`,
      'CREATE INDEX drift_measurements_tenant_measured ON drift_measurements (tenant, measured_at)',
      'CREATE INDEX drift_measurements_run ON drift_measurements (tenant, run_id) WHERE run_id IS NOT NULL',
      'CREATE INDEX raters_tenant_recorded ON raters (tenant, recorded_at)',
      'CREATE INDEX erasures_tenant_recorded ON erasures (tenant, recorded_at)',
      `CREATE INDEX dead_letters_tenant_created ON dead_letters ((headers ->> 'hindsight-tenant'), created_at)`,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      'DROP INDEX dead_letters_tenant_created',
      'DROP INDEX erasures_tenant_recorded',
      'DROP INDEX raters_tenant_recorded',
      'DROP TABLE drift_measurements',
      'DROP INDEX retrain_runs_tenant_requested',
      'ALTER TABLE retrain_runs DROP COLUMN requested_at',
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }
}
