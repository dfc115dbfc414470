import type { DataSource, QueryRunner } from 'typeorm';
import { withRepeatableRead } from './repeatable-read';

export interface AsOfComparisonRow {
  readonly id: string;
  readonly data: Record<string, unknown>;
  readonly occurred_at: Date;
  readonly recorded_at: Date;
  readonly amendments: { type: string; data: Record<string, unknown> }[];
}

/** One consistent view of the event store for a whole dataset build. */
export interface AsOfSnapshot {
  raterGroups(): Promise<Map<string, string>>;
  countComparisons(): Promise<{ included: number; erased: number }>;
  /** Streams comparisons recorded by the as-of time, ordered by task id then event id, with their amendments recorded by then. */
  streamComparisons(batchSize: number, onRows: (rows: AsOfComparisonRow[]) => Promise<void> | void): Promise<void>;
  kafkaOffsets(): Promise<{ topic: string; partition: number; maxOffset: string; events: number }[]>;
  erasures(): Promise<{ eventId: string; subjectKind: string; recordedAt: string }[]>;
}

/**
 * Reads what the platform knew at T: events with recorded_at ≤ T, corrections
 * and retractions recorded by T. Erasures are the exception: erased events are
 * redacted in place, so they are gone from every build, whatever its T.
 * Runs in one REPEATABLE READ transaction so every query sees the same data,
 * and streams with a server-side cursor so memory stays flat as history grows.
 */
export class DatasetSourceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async withSnapshot<T>(tenant: string, asOf: string, work: (snapshot: AsOfSnapshot) => Promise<T>): Promise<T> {
    return withRepeatableRead(this.dataSource, (runner) => work(snapshotOf(runner, tenant, asOf)));
  }
}

function snapshotOf(runner: QueryRunner, tenant: string, asOf: string): AsOfSnapshot {
  return {
    async raterGroups() {
      const rows: { rater_id: string; grp: string | null }[] = await runner.query(
        `SELECT DISTINCT ON (payload -> 'data' ->> 'raterId') payload -> 'data' ->> 'raterId' AS rater_id, payload -> 'data' ->> 'optInGroup' AS grp
         FROM events WHERE tenant = $1 AND type = 'rater.profiled' AND recorded_at <= $2 AND NOT erased
         ORDER BY payload -> 'data' ->> 'raterId', recorded_at DESC, id DESC`,
        [tenant, asOf],
      );
      return new Map(rows.map((r) => [r.rater_id, r.grp ?? 'no-group']));
    },
    async countComparisons() {
      const [row]: { included: string; erased: string }[] = await runner.query(
        `SELECT count(*) FILTER (WHERE NOT erased) AS included, count(*) FILTER (WHERE erased) AS erased
         FROM events WHERE tenant = $1 AND type = 'comparison.recorded' AND recorded_at <= $2`,
        [tenant, asOf],
      );
      return { included: Number(row.included), erased: Number(row.erased) };
    },
    async streamComparisons(batchSize, onRows) {
      await runner.query(
        `DECLARE as_of_comparisons NO SCROLL CURSOR FOR
         SELECT c.id::text AS id, c.payload -> 'data' AS data, c.occurred_at, c.recorded_at,
           COALESCE((SELECT jsonb_agg(jsonb_build_object('type', a.type, 'data', a.payload -> 'data') ORDER BY a.recorded_at, a.id)
                     FROM events a
                     WHERE a.tenant = c.tenant AND a.subject_kind = 'annotation' AND a.subject_id = c.id::text
                       AND a.type IN ('annotation.corrected', 'annotation.retracted') AND a.recorded_at <= $2 AND NOT a.erased), '[]'::jsonb) AS amendments
         FROM events c
         WHERE c.tenant = $1 AND c.type = 'comparison.recorded' AND c.recorded_at <= $2 AND NOT c.erased
         ORDER BY c.payload -> 'data' ->> 'taskId' COLLATE "C", c.id`,
        [tenant, asOf],
      );
      for (;;) {
        const rows: AsOfComparisonRow[] = await runner.query(`FETCH ${Math.max(1, Math.floor(batchSize))} FROM as_of_comparisons`);
        if (rows.length === 0) break;
        await onRows(rows);
      }
      await runner.query('CLOSE as_of_comparisons');
    },
    async kafkaOffsets() {
      const rows: { topic: string; partition: number; max_offset: string; events: string }[] = await runner.query(
        `SELECT kafka_topic AS topic, kafka_partition AS partition, max(kafka_offset)::text AS max_offset, count(*)::text AS events
         FROM events WHERE tenant = $1 AND recorded_at <= $2 GROUP BY 1, 2 ORDER BY 1, 2`,
        [tenant, asOf],
      );
      return rows.map((r) => ({ topic: r.topic, partition: r.partition, maxOffset: r.max_offset, events: Number(r.events) }));
    },
    async erasures() {
      const rows: { event_id: string; subject_kind: string; recorded_at: Date }[] = await runner.query(
        'SELECT event_id::text, subject_kind, recorded_at FROM erasures WHERE tenant = $1 ORDER BY recorded_at, event_id',
        [tenant],
      );
      return rows.map((r) => ({ eventId: r.event_id, subjectKind: r.subject_kind, recordedAt: r.recorded_at.toISOString() }));
    },
  };
}
