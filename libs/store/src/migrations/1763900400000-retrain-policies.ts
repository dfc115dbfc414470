import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retrain policies and the scheduler's outbox of requested runs.
 *
 * `retrain_requests` holds one row per requested run (by a policy's clock, volume
 * or drift trigger, or by hand) with the sealed `retrain.requested` event as the
 * exact JSON text that is published. The unique (policy_id, period) index is what
 * makes a policy fire once per period whatever the replicas do: the row is
 * inserted and committed before the event is published, and `published_at` is set
 * once Kafka acknowledged it; rows left unpublished by a crash are published again
 * (same event id and run id) by the next leader. (`retrain_runs` is the projector's
 * read model of the run's later events.)
 */
export class RetrainPolicies1763900400000 implements MigrationInterface {
  name = 'RetrainPolicies1763900400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE retrain_policies (
         id                  uuid             PRIMARY KEY,
         tenant              text             NOT NULL,
         name                text             NOT NULL,
         cadence             text             NOT NULL,
         timezone            text             NOT NULL,
         objectives          text[]           NOT NULL CHECK (cardinality(objectives) > 0),
         recipe              jsonb            NOT NULL,
         catch_up            text             NOT NULL CHECK (catch_up IN ('latest-only', 'all')),
         min_new_comparisons integer          CHECK (min_new_comparisons > 0),
         drift_threshold     double precision CHECK (drift_threshold > 0),
         created_at          timestamptz      NOT NULL,
         paused_at           timestamptz,
         active_since        timestamptz      NOT NULL,
         deleted_at          timestamptz
       )`,
      'CREATE UNIQUE INDEX retrain_policies_tenant_name ON retrain_policies (tenant, name) WHERE deleted_at IS NULL',
      `CREATE TABLE retrain_requests (
         run_id       uuid        PRIMARY KEY,
         event_id     uuid        NOT NULL UNIQUE,
         tenant       text        NOT NULL,
         policy_id    uuid        REFERENCES retrain_policies (id),
         reason       text        NOT NULL CHECK (reason IN ('cadence', 'catch-up', 'volume', 'drift', 'manual')),
         period       text,
         fire_at      timestamptz,
         as_of        timestamptz NOT NULL,
         event_json   text        NOT NULL,
         recorded_at  timestamptz NOT NULL,
         published_at timestamptz,
         CHECK ((reason = 'manual') = (period IS NULL)),
         CHECK ((reason IN ('cadence', 'catch-up')) = (fire_at IS NOT NULL)),
         CHECK (reason = 'manual' OR policy_id IS NOT NULL)
       )`,
      'CREATE UNIQUE INDEX retrain_requests_policy_period ON retrain_requests (policy_id, period)',
      'CREATE INDEX retrain_requests_policy_recorded ON retrain_requests (policy_id, recorded_at)',
      'CREATE INDEX retrain_requests_unpublished ON retrain_requests (recorded_at) WHERE published_at IS NULL',
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE retrain_requests');
    await queryRunner.query('DROP TABLE retrain_policies');
  }
}
