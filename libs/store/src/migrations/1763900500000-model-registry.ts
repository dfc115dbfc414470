import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trainer's own state and the model registry.
 *
 * - `trainer_runs`: one row per `retrain.requested` the trainer consumed (the
 *   insert commits together with the trainer's consumer offsets in
 *   `consumer_offsets`), and the run's state machine:
 *   requested → dataset-built → gated → trained → completed, or failed from any
 *   stage. A restarted trainer resumes an unfinished run from its state.
 * - `model_versions`: the registry. Unique (tenant, run_id, objective): a resumed
 *   or repeated run can never register a second model for an objective.
 * - `trainer_outbox`: the run's events (`retrain.dataset-built`,
 *   `retrain.completed`, `retrain.failed`), inserted in the transaction that moves
 *   the run to the state they announce, published after commit and marked
 *   published once Kafka acknowledged; rows left unpublished are published again
 *   with the same event id and idempotency key.
 * - `run_budgets`: the KL budget of a policy-training run, for the reward-hacking monitor.
 */
export class ModelRegistry1763900500000 implements MigrationInterface {
  name = 'ModelRegistry1763900500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE trainer_runs (
         run_id           text        PRIMARY KEY,
         tenant           text        NOT NULL,
         state            text        NOT NULL CHECK (state IN ('requested', 'dataset-built', 'gated', 'trained', 'completed', 'failed')),
         request_event_id uuid        NOT NULL,
         request          jsonb       NOT NULL,
         policy_id        uuid,
         recipe           jsonb,
         gates            jsonb,
         datasets         jsonb,
         gate_report      jsonb,
         failure          jsonb,
         attempts         integer     NOT NULL DEFAULT 0,
         created_at       timestamptz NOT NULL,
         updated_at       timestamptz NOT NULL,
         finished_at      timestamptz
       )`,
      `CREATE INDEX trainer_runs_unfinished ON trainer_runs (created_at) WHERE state NOT IN ('completed', 'failed')`,
      'CREATE INDEX trainer_runs_tenant ON trainer_runs (tenant, created_at)',
      `CREATE TABLE model_versions (
         model_version  text             PRIMARY KEY,
         tenant         text             NOT NULL,
         run_id         text             NOT NULL REFERENCES trainer_runs (run_id),
         objective      text             NOT NULL,
         parent_version text             REFERENCES model_versions (model_version),
         policy_id      uuid,
         as_of          timestamptz      NOT NULL,
         recipe         jsonb            NOT NULL,
         dataset_sha256 text             NOT NULL,
         dataset_uri    text             NOT NULL,
         artifact_uri   text             NOT NULL,
         manifest       jsonb            NOT NULL,
         metrics        jsonb            NOT NULL,
         training       jsonb            NOT NULL,
         code_version   text             NOT NULL,
         created_at     timestamptz      NOT NULL,
         UNIQUE (tenant, run_id, objective)
       )`,
      'CREATE INDEX model_versions_lineage ON model_versions (tenant, objective, as_of)',
      `CREATE TABLE trainer_outbox (
         event_id     uuid        PRIMARY KEY,
         tenant       text        NOT NULL,
         run_id       text        NOT NULL REFERENCES trainer_runs (run_id),
         type         text        NOT NULL,
         event_json   text        NOT NULL,
         created_at   timestamptz NOT NULL,
         published_at timestamptz,
         UNIQUE (run_id, type)
       )`,
      'CREATE INDEX trainer_outbox_unpublished ON trainer_outbox (created_at) WHERE published_at IS NULL',
      `CREATE TABLE run_budgets (
         tenant     text             NOT NULL,
         run_id     text             NOT NULL,
         kl_budget  double precision NOT NULL CHECK (kl_budget > 0),
         updated_at timestamptz      NOT NULL,
         PRIMARY KEY (tenant, run_id)
       )`,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['run_budgets', 'trainer_outbox', 'model_versions', 'trainer_runs'])
      await queryRunner.query(`DROP TABLE ${table}`);
  }
}
