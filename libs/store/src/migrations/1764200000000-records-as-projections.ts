import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retrain policies, the scheduler's requested runs, API keys and run budgets
 * become projections of events (`retrain-policy.*`, `retrain.requested`,
 * `api-key.*`, `run.kl-budget-assigned`), rebuilt by a replay.
 *
 * - `retrain_policies.revision`: the policy's change counter, carried by its
 *   events, so a change the projector sees again never undoes a later one.
 * - A policy name is unique among a tenant's live policies by the write path's
 *   check (under a lock), no longer by an index: on a replay a new policy's
 *   `created` may arrive before the `deleted` of an older one of the same name
 *   (different keys, different partitions), and must not be lost.
 * - `retrain_requests` is keyed by (tenant, run id): run ids are chosen by
 *   clients in `retrain.requested`, so two tenants may use the same one. Once per
 *   period is (tenant, policy, period). Run and policy ids are text (a client's
 *   request may name them by any id), and the policy reference is no longer a
 *   foreign key: on a replay a request may arrive before its policy.
 */
export class RecordsAsProjections1764200000000 implements MigrationInterface {
  name = 'RecordsAsProjections1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      'ALTER TABLE retrain_policies ADD COLUMN revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1)',
      'DROP INDEX retrain_policies_tenant_name',
      'CREATE INDEX retrain_policies_tenant_name ON retrain_policies (tenant, name) WHERE deleted_at IS NULL',
      'ALTER TABLE retrain_requests DROP CONSTRAINT retrain_requests_policy_id_fkey',
      'ALTER TABLE retrain_requests DROP CONSTRAINT retrain_requests_pkey',
      // Client-sent requests name runs and policies by any id, not only by UUID.
      'ALTER TABLE retrain_requests ALTER COLUMN run_id TYPE text, ALTER COLUMN policy_id TYPE text',
      'ALTER TABLE retrain_requests ADD PRIMARY KEY (tenant, run_id)',
      'DROP INDEX retrain_requests_policy_period',
      'CREATE UNIQUE INDEX retrain_requests_policy_period ON retrain_requests (tenant, policy_id, period)',
      'DROP INDEX retrain_requests_policy_recorded',
      'CREATE INDEX retrain_requests_policy_recorded ON retrain_requests (tenant, policy_id, recorded_at)',
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      'DROP INDEX retrain_requests_policy_recorded',
      'CREATE INDEX retrain_requests_policy_recorded ON retrain_requests (policy_id, recorded_at)',
      'DROP INDEX retrain_requests_policy_period',
      'CREATE UNIQUE INDEX retrain_requests_policy_period ON retrain_requests (policy_id, period)',
      'ALTER TABLE retrain_requests DROP CONSTRAINT retrain_requests_pkey',
      'ALTER TABLE retrain_requests ALTER COLUMN run_id TYPE uuid USING run_id::uuid, ALTER COLUMN policy_id TYPE uuid USING policy_id::uuid',
      'ALTER TABLE retrain_requests ADD PRIMARY KEY (run_id)',
      'ALTER TABLE retrain_requests ADD CONSTRAINT retrain_requests_policy_id_fkey FOREIGN KEY (policy_id) REFERENCES retrain_policies (id)',
      'DROP INDEX retrain_policies_tenant_name',
      'CREATE UNIQUE INDEX retrain_policies_tenant_name ON retrain_policies (tenant, name) WHERE deleted_at IS NULL',
      'ALTER TABLE retrain_policies DROP COLUMN revision',
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }
}
