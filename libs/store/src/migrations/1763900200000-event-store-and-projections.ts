import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store (append-only, range-partitioned by month of recorded_at; monthly
 * partitions are created by the projector as months arrive) and the projections.
 * `event_index` is not partitioned so that an event id, and a tenant's
 * idempotency key, are unique across all months: that is what makes a replayed
 * or re-published message apply once.
 */
export class EventStoreAndProjections1763900200000 implements MigrationInterface {
  name = 'EventStoreAndProjections1763900200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE event_index (
         tenant          text        NOT NULL,
         idempotency_key text        NOT NULL,
         id              uuid        NOT NULL UNIQUE,
         recorded_at     timestamptz NOT NULL,
         PRIMARY KEY (tenant, idempotency_key)
       )`,
      `CREATE TABLE events (
         id              uuid        NOT NULL,
         tenant          text        NOT NULL,
         type            text        NOT NULL,
         version         integer     NOT NULL,
         subject_kind    text        NOT NULL,
         subject_id      text        NOT NULL,
         occurred_at     timestamptz NOT NULL,
         recorded_at     timestamptz NOT NULL,
         idempotency_key text        NOT NULL,
         source          text        NOT NULL,
         kafka_topic     text        NOT NULL,
         kafka_partition integer     NOT NULL,
         kafka_offset    bigint      NOT NULL,
         payload         jsonb       NOT NULL,
         erased          boolean     NOT NULL DEFAULT false,
         PRIMARY KEY (id, recorded_at)
       ) PARTITION BY RANGE (recorded_at)`,
      'CREATE INDEX events_tenant_type_recorded ON events (tenant, type, recorded_at)',
      'CREATE INDEX events_subject ON events (tenant, subject_kind, subject_id)',
      `CREATE TABLE comparisons (
         annotation_id     uuid        PRIMARY KEY,
         tenant            text        NOT NULL,
         task_id           text        NOT NULL,
         task_type         text        NOT NULL,
         objective         text        NOT NULL,
         rater_id          text        NOT NULL,
         prompt            text        NOT NULL,
         responses         jsonb       NOT NULL,
         shown_order       jsonb       NOT NULL,
         choice            jsonb       NOT NULL,
         strength          integer,
         guideline_version text        NOT NULL,
         interface_version text,
         dwell_time_ms     integer     NOT NULL,
         locale            text        NOT NULL,
         occurred_at       timestamptz NOT NULL,
         recorded_at       timestamptz NOT NULL,
         corrected_at      timestamptz,
         retracted_at      timestamptz,
         erased            boolean     NOT NULL DEFAULT false
       )`,
      'CREATE INDEX comparisons_tenant_recorded ON comparisons (tenant, recorded_at)',
      'CREATE INDEX comparisons_tenant_rater ON comparisons (tenant, rater_id)',
      `CREATE TABLE annotation_amendments (
         event_id      uuid        PRIMARY KEY,
         tenant        text        NOT NULL,
         annotation_id uuid        NOT NULL,
         kind          text        NOT NULL CHECK (kind IN ('corrected', 'retracted')),
         changes       jsonb       NOT NULL,
         recorded_at   timestamptz NOT NULL
       )`,
      'CREATE INDEX annotation_amendments_annotation ON annotation_amendments (annotation_id, recorded_at)',
      `CREATE TABLE raters (
         tenant      text        NOT NULL,
         rater_id    text        NOT NULL,
         expertise   jsonb       NOT NULL,
         languages   jsonb       NOT NULL,
         region      text        NOT NULL,
         opt_in_group text,
         recorded_at timestamptz NOT NULL,
         PRIMARY KEY (tenant, rater_id)
       )`,
      `CREATE TABLE interactions (
         tenant         text        NOT NULL,
         interaction_id text        NOT NULL,
         prompt         text,
         response       text,
         model_version  text        NOT NULL,
         user_id        text,
         occurred_at    timestamptz NOT NULL,
         recorded_at    timestamptz NOT NULL,
         erased         boolean     NOT NULL DEFAULT false,
         PRIMARY KEY (tenant, interaction_id)
       )`,
      `CREATE TABLE feedback (
         event_id           uuid        PRIMARY KEY,
         tenant             text        NOT NULL,
         interaction_id     text        NOT NULL,
         kind               text        NOT NULL,
         comment            text,
         corrected_response text,
         user_id            text,
         occurred_at        timestamptz NOT NULL,
         recorded_at        timestamptz NOT NULL
       )`,
      'CREATE INDEX feedback_interaction ON feedback (tenant, interaction_id)',
      `CREATE TABLE outcomes (
         event_id       uuid        PRIMARY KEY,
         tenant         text        NOT NULL,
         interaction_id text        NOT NULL,
         outcome        text        NOT NULL,
         success        boolean,
         value          double precision,
         occurred_at    timestamptz NOT NULL,
         recorded_at    timestamptz NOT NULL
       )`,
      'CREATE INDEX outcomes_interaction ON outcomes (tenant, interaction_id)',
      `CREATE TABLE retrain_runs (
         tenant      text        NOT NULL,
         run_id      text        NOT NULL,
         status      text        NOT NULL,
         requested   jsonb,
         details     jsonb       NOT NULL DEFAULT '{}',
         updated_at  timestamptz NOT NULL,
         PRIMARY KEY (tenant, run_id)
       )`,
      `CREATE TABLE run_metrics (
         event_id    uuid        PRIMARY KEY,
         tenant      text        NOT NULL,
         run_id      text        NOT NULL,
         kind        text        NOT NULL CHECK (kind IN ('training', 'human-eval')),
         step        integer     NOT NULL,
         metrics     jsonb       NOT NULL,
         recorded_at timestamptz NOT NULL
       )`,
      'CREATE INDEX run_metrics_run ON run_metrics (tenant, run_id, kind, step)',
      `CREATE TABLE erasures (
         event_id      uuid        PRIMARY KEY,
         tenant        text        NOT NULL,
         subject_kind  text        NOT NULL,
         subject_id    text        NOT NULL,
         reason        text        NOT NULL,
         recorded_at   timestamptz NOT NULL
       )`,
      'CREATE INDEX erasures_subject ON erasures (tenant, subject_kind, subject_id)',
      `CREATE TABLE dead_letters (
         id              bigserial   PRIMARY KEY,
         consumer_group  text        NOT NULL,
         kafka_topic     text        NOT NULL,
         kafka_partition integer     NOT NULL,
         kafka_offset    bigint      NOT NULL,
         reason          text        NOT NULL,
         key             bytea,
         value           bytea,
         headers         jsonb       NOT NULL,
         created_at      timestamptz NOT NULL DEFAULT now(),
         replayed_at     timestamptz,
         UNIQUE (consumer_group, kafka_topic, kafka_partition, kafka_offset)
       )`,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'dead_letters',
      'erasures',
      'run_metrics',
      'retrain_runs',
      'outcomes',
      'feedback',
      'interactions',
      'raters',
      'annotation_amendments',
      'comparisons',
      'events',
      'event_index',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
