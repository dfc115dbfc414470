import type { DataSource } from 'typeorm';
import { quoteIdentifier } from '../database-setup';

/**
 * The tables a replay rebuilds from Kafka. Everything else in the schema
 * (idempotency records, consumer offsets, the trainer's outbox and attempt
 * counts, …) is operational state and stays where it is.
 */
export const PROJECTION_TABLES = [
  'events',
  'event_index',
  'comparisons',
  'annotation_amendments',
  'raters',
  'interactions',
  'feedback',
  'outcomes',
  'retrain_runs',
  'run_metrics',
  'erasures',
  // Annotation queues: projections of the queues topic (queue.* events).
  'annotation_queues',
  'queue_tasks',
  'queue_assignments',
  // The comparisons that named an assignment (annotations topic), kept for an assignment a replay applies later.
  'assignment_judgments',
  // Records people create, and the scheduler's requested runs (record-projection.ts).
  'retrain_policies',
  'retrain_requests',
  'api_keys',
  'run_budgets',
  'redaction_policies',
  // The trainer's runs and the model registry: projections of the retraining topic (retrain.requested, retrain.run-advanced, model.registered).
  'trainer_runs',
  'model_versions',
  // The outcome audits of registered models (model.outcome-audited), read with the registry.
  'model_outcome_audits',
  // The scheduler's drift readings (drift.measured on the retraining topic), read back by GET /v1/drift.
  'drift_measurements',
  // Outbound webhooks: subscriptions (configuration topic) and every delivery attempt (webhooks topic).
  'webhook_subscriptions',
  'webhook_delivery_attempts',
  'webhook_deliveries',
  // Routing decisions (routing.interaction-routed on the deployment topic): the review lists and routed tasks' origins.
  'routed_interactions',
] as const;

export type SwitchOutcome =
  | { readonly switched: true; readonly retiredSchema: string }
  | { readonly switched: false; readonly behind: readonly string[] };

/** Blue/green for projections: swaps a replay's tables in for the live ones in one transaction. */
export class ProjectionSwitchRepository {
  constructor(private readonly dataSource: DataSource) {}

  async positions(schema: string, group: string): Promise<Map<string, bigint>> {
    const rows: { topic: string; partition: number; next_offset: string }[] = await this.dataSource.query(
      `SELECT topic, partition, next_offset FROM ${quoteIdentifier(schema)}.consumer_offsets WHERE consumer_group = $1`,
      [group],
    );
    return new Map(rows.map((r) => [`${r.topic}:${r.partition}`, BigInt(r.next_offset)]));
  }

  /**
   * Locks the live offsets (the live projector waits at its next commit), checks
   * that the replay has applied at least everything the live projector has,
   * moves the live projection tables into `retired`, the replay's into `live`,
   * and gives the live group the replay's positions. The live projector then
   * continues on the new tables: what the replay already applied it skips by
   * offset, anything else it applies, and the event index de-duplicates the rest.
   */
  async switchIn(
    live: string,
    replay: string,
    retired: string,
    liveGroup: string,
    replayGroup: string,
  ): Promise<SwitchOutcome> {
    const [L, R, X] = [live, replay, retired].map(quoteIdentifier);
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`LOCK TABLE ${L}.consumer_offsets IN EXCLUSIVE MODE`);
      const behind: { topic: string; partition: number }[] = await tx.query(
        `SELECT l.topic, l.partition FROM ${L}.consumer_offsets l
         LEFT JOIN ${R}.consumer_offsets r ON r.consumer_group = $2 AND r.topic = l.topic AND r.partition = l.partition
         WHERE l.consumer_group = $1 AND COALESCE(r.next_offset, 0) < l.next_offset`,
        [liveGroup, replayGroup],
      );
      if (behind.length > 0) return { switched: false, behind: behind.map((b) => `${b.topic}[${b.partition}]`) };
      await tx.query(`CREATE SCHEMA ${X}`);
      const partitionsOf = async (schema: string): Promise<string[]> =>
        (
          await tx.query(
            `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
             JOIN pg_namespace n ON n.oid = p.relnamespace WHERE p.relname = 'events' AND n.nspname = $1`,
            [schema],
          )
        ).map((r: { relname: string }) => r.relname);
      const oldPartitions = await partitionsOf(live);
      const newPartitions = await partitionsOf(replay);
      for (const p of oldPartitions) await tx.query(`ALTER TABLE ${L}.${quoteIdentifier(p)} SET SCHEMA ${X}`);
      for (const t of PROJECTION_TABLES) await tx.query(`ALTER TABLE ${L}.${t} SET SCHEMA ${X}`);
      for (const t of PROJECTION_TABLES) await tx.query(`ALTER TABLE ${R}.${t} SET SCHEMA ${L}`);
      for (const p of newPartitions) await tx.query(`ALTER TABLE ${R}.${quoteIdentifier(p)} SET SCHEMA ${L}`);
      // The scheduler's and the CLI's requests recorded but not yet on Kafka are in no event: they move across.
      await tx.query(
        `INSERT INTO ${L}.retrain_requests SELECT * FROM ${X}.retrain_requests WHERE published_at IS NULL ON CONFLICT DO NOTHING`,
      );
      await tx.query(
        `INSERT INTO ${L}.consumer_offsets (consumer_group, topic, partition, next_offset, updated_at)
         SELECT $1, topic, partition, next_offset, now() FROM ${R}.consumer_offsets WHERE consumer_group = $2
         ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = GREATEST(${L}.consumer_offsets.next_offset, EXCLUDED.next_offset), updated_at = now()`,
        [liveGroup, replayGroup],
      );
      return { switched: true, retiredSchema: retired };
    });
  }

  async dropSchema(schema: string): Promise<void> {
    await this.dataSource.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  }

  /** Streams the live store's events recorded before `before`, in Kafka order, to seed a replay from a point in time. */
  async streamEventsBefore(
    live: string,
    before: string,
    batchSize: number,
    onRows: (
      rows: { payload: unknown; kafka_topic: string; kafka_partition: number; kafka_offset: string }[],
    ) => Promise<void>,
  ): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query(
        `DECLARE seed NO SCROLL CURSOR FOR SELECT payload, kafka_topic, kafka_partition, kafka_offset::text FROM ${quoteIdentifier(live)}.events
         WHERE recorded_at < $1 ORDER BY kafka_topic, kafka_partition, kafka_offset`,
        [before],
      );
      for (;;) {
        const rows = await runner.query(`FETCH ${batchSize} FROM seed`);
        if (rows.length === 0) break;
        await onRows(rows);
      }
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }
}
