import type { DataSource, QueryRunner } from 'typeorm';
import { withRepeatableRead } from './repeatable-read';

/** A `comparison.recorded` event as of T: its data, its client time, and the corrections and retractions recorded by T, in order. */
export interface QualityComparisonRow {
  readonly id: string;
  readonly data: Record<string, unknown>;
  readonly occurred_at: Date;
  readonly amendments: { type: string; data: Record<string, unknown> }[] | null;
}

/** The latest `rater.profiled` data of one rater as of T. */
export interface QualityRaterRow {
  readonly rater_id: string;
  readonly data: Record<string, unknown>;
}

/** One consistent view of a tenant's annotations for a whole quality report. */
export interface QualitySnapshot {
  /** comparisons recorded by T and not erased (retracted ones included: the caller applies the amendments) */
  countComparisons(): Promise<number>;
  /** the latest profile of every rater recorded by T */
  raterProfiles(): Promise<QualityRaterRow[]>;
  /** Streams the comparisons recorded by T, in no particular order, with their amendments recorded by T. */
  streamComparisons(batchSize: number, onRows: (rows: QualityComparisonRow[]) => Promise<void> | void): Promise<void>;
}

/**
 * The quality report's read model: what the platform knew about a tenant's raters
 * and their comparisons at T (events recorded at or before T, with the corrections
 * and retractions recorded by then; erased events are gone whatever T). One
 * REPEATABLE READ transaction, so the count, the profiles and the stream agree, and
 * a server-side cursor, so rows arrive in batches as history grows.
 */
export class QualitySourceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async withSnapshot<T>(tenant: string, asOf: string, work: (snapshot: QualitySnapshot) => Promise<T>): Promise<T> {
    return withRepeatableRead(this.dataSource, (runner) => work(qualitySnapshotOf(runner, tenant, asOf)));
  }
}

function qualitySnapshotOf(runner: QueryRunner, tenant: string, asOf: string): QualitySnapshot {
  return {
    async countComparisons() {
      const [row]: { n: string }[] = await runner.query(
        `SELECT count(*) AS n FROM events WHERE tenant = $1 AND type = 'comparison.recorded' AND recorded_at <= $2 AND NOT erased`,
        [tenant, asOf],
      );
      return Number(row.n);
    },
    async raterProfiles() {
      return runner.query(
        `SELECT DISTINCT ON (payload -> 'data' ->> 'raterId') payload -> 'data' ->> 'raterId' AS rater_id, payload -> 'data' AS data
         FROM events WHERE tenant = $1 AND type = 'rater.profiled' AND recorded_at <= $2 AND NOT erased
         ORDER BY payload -> 'data' ->> 'raterId', recorded_at DESC, id DESC`,
        [tenant, asOf],
      );
    },
    async streamComparisons(batchSize, onRows) {
      // Amendments are gathered once (a hash join), not looked up per comparison.
      await runner.query(
        `DECLARE quality_comparisons NO SCROLL CURSOR FOR
         WITH amendments AS (
           SELECT a.subject_id, jsonb_agg(jsonb_build_object('type', a.type, 'data', a.payload -> 'data') ORDER BY a.recorded_at, a.id) AS list
           FROM events a
           WHERE a.tenant = $1 AND a.type IN ('annotation.corrected', 'annotation.retracted') AND a.subject_kind = 'annotation'
             AND a.recorded_at <= $2 AND NOT a.erased
           GROUP BY a.subject_id
         )
         SELECT c.id::text AS id, c.payload -> 'data' AS data, c.occurred_at, m.list AS amendments
         FROM events c LEFT JOIN amendments m ON m.subject_id = c.id::text
         WHERE c.tenant = $1 AND c.type = 'comparison.recorded' AND c.recorded_at <= $2 AND NOT c.erased`,
        [tenant, asOf],
      );
      for (;;) {
        const rows: QualityComparisonRow[] = await runner.query(`FETCH ${Math.max(1, Math.floor(batchSize))} FROM quality_comparisons`);
        if (rows.length === 0) break;
        await onRows(rows);
      }
      await runner.query('CLOSE quality_comparisons');
    },
  };
}
