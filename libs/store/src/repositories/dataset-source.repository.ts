import type { DataSource, QueryRunner } from 'typeorm';
import { withRepeatableRead } from './repeatable-read';

export interface AsOfComparisonRow {
  readonly id: string;
  readonly data: Record<string, unknown>;
  readonly occurred_at: Date;
  readonly recorded_at: Date;
  readonly amendments: { type: string; data: Record<string, unknown> }[];
}

export interface AsOfInteractionRow {
  readonly id: string;
  readonly data: Record<string, unknown>;
  /** feedback.recorded and outcome.recorded events about the interaction recorded by T and not erased, in recorded order. */
  readonly signals: { id: string; type: string; occurred_at: string; data: Record<string, unknown> }[];
}

export interface AsOfRatingRow {
  readonly id: string;
  readonly data: Record<string, unknown>;
  readonly occurred_at: Date;
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
  /** The latest profile of each rater as of T: opt-in group (`no-group` when none) and region. */
  raterProfiles(): Promise<Map<string, { group: string; region: string | null }>>;
  /** interaction.logged, feedback.recorded, outcome.recorded and rating.recorded events recorded by T, kept and erased. */
  countSignals(): Promise<Record<'interactions' | 'feedback' | 'outcomes' | 'ratings', { included: number; erased: number }>>;
  /** Interactions logged by T (first log of each id), ordered by interaction id, with their feedback and outcomes recorded by T. */
  streamInteractions(batchSize: number, onRows: (rows: AsOfInteractionRow[]) => Promise<void> | void): Promise<void>;
  /** Ratings recorded by T, ordered by task id then event id, with their amendments recorded by T. */
  streamRatings(batchSize: number, onRows: (rows: AsOfRatingRow[]) => Promise<void> | void): Promise<void>;
  /**
   * Keeps export lines in a temporary table of the build's transaction (dropped at
   * its end), so each export file can be written sorted by its bytes whatever order
   * the rows were made in: equal data, equal files, whatever the ids.
   */
  stageLines(file: string, lines: readonly string[]): Promise<void>;
  /** The staged lines of one file in byte order (COLLATE "C"). */
  streamStagedLines(file: string, batchSize: number, onLines: (lines: string[]) => Promise<void> | void): Promise<void>;
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
  let staging: Promise<void> | undefined;
  const fetchAll = async <R>(cursor: string, batchSize: number, onRows: (rows: R[]) => Promise<void> | void) => {
    for (;;) {
      const rows: R[] = await runner.query(`FETCH ${Math.max(1, Math.floor(batchSize))} FROM ${cursor}`);
      if (rows.length === 0) break;
      await onRows(rows);
    }
    await runner.query(`CLOSE ${cursor}`);
  };
  return {
    async raterProfiles() {
      const rows: { rater_id: string; grp: string | null; region: string | null }[] = await runner.query(
        `SELECT DISTINCT ON (payload -> 'data' ->> 'raterId') payload -> 'data' ->> 'raterId' AS rater_id,
           payload -> 'data' ->> 'optInGroup' AS grp, payload -> 'data' ->> 'region' AS region
         FROM events WHERE tenant = $1 AND type = 'rater.profiled' AND recorded_at <= $2 AND NOT erased
         ORDER BY payload -> 'data' ->> 'raterId', recorded_at DESC, id DESC`,
        [tenant, asOf],
      );
      return new Map(rows.map((r) => [r.rater_id, { group: r.grp ?? 'no-group', region: r.region }]));
    },
    async countSignals() {
      const rows: { type: string; included: string; erased: string }[] = await runner.query(
        `SELECT type, count(*) FILTER (WHERE NOT erased) AS included, count(*) FILTER (WHERE erased) AS erased
         FROM events WHERE tenant = $1 AND type IN ('interaction.logged', 'feedback.recorded', 'outcome.recorded', 'rating.recorded') AND recorded_at <= $2
         GROUP BY type`,
        [tenant, asOf],
      );
      const of = (type: string) => {
        const row = rows.find((r) => r.type === type);
        return { included: Number(row?.included ?? 0), erased: Number(row?.erased ?? 0) };
      };
      return { interactions: of('interaction.logged'), feedback: of('feedback.recorded'), outcomes: of('outcome.recorded'), ratings: of('rating.recorded') };
    },
    async streamInteractions(batchSize, onRows) {
      await runner.query(
        `DECLARE as_of_interactions NO SCROLL CURSOR FOR
         SELECT DISTINCT ON (i.payload -> 'data' ->> 'interactionId' COLLATE "C") i.id::text AS id, i.payload -> 'data' AS data,
           COALESCE((SELECT jsonb_agg(jsonb_build_object('id', s.id::text, 'type', s.type, 'occurred_at', to_char(s.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', s.payload -> 'data') ORDER BY s.recorded_at, s.id)
                     FROM events s
                     WHERE s.tenant = i.tenant AND s.subject_kind = 'interaction' AND s.subject_id = i.payload -> 'data' ->> 'interactionId'
                       AND s.type IN ('feedback.recorded', 'outcome.recorded') AND s.recorded_at <= $2 AND NOT s.erased), '[]'::jsonb) AS signals
         FROM events i
         WHERE i.tenant = $1 AND i.type = 'interaction.logged' AND i.recorded_at <= $2 AND NOT i.erased
         ORDER BY i.payload -> 'data' ->> 'interactionId' COLLATE "C", i.recorded_at, i.id`,
        [tenant, asOf],
      );
      await fetchAll('as_of_interactions', batchSize, onRows);
    },
    async streamRatings(batchSize, onRows) {
      await runner.query(
        `DECLARE as_of_ratings NO SCROLL CURSOR FOR
         SELECT r.id::text AS id, r.payload -> 'data' AS data, r.occurred_at,
           COALESCE((SELECT jsonb_agg(jsonb_build_object('type', a.type, 'data', a.payload -> 'data') ORDER BY a.recorded_at, a.id)
                     FROM events a
                     WHERE a.tenant = r.tenant AND a.subject_kind = 'annotation' AND a.subject_id = r.id::text
                       AND a.type IN ('annotation.corrected', 'annotation.retracted') AND a.recorded_at <= $2 AND NOT a.erased), '[]'::jsonb) AS amendments
         FROM events r
         WHERE r.tenant = $1 AND r.type = 'rating.recorded' AND r.recorded_at <= $2 AND NOT r.erased
         ORDER BY r.payload -> 'data' ->> 'taskId' COLLATE "C", r.id`,
        [tenant, asOf],
      );
      await fetchAll('as_of_ratings', batchSize, onRows);
    },
    async stageLines(file, lines) {
      staging ??= runner.query('CREATE TEMPORARY TABLE dataset_export_lines (file text NOT NULL, line text NOT NULL) ON COMMIT DROP').then(() => undefined);
      await staging;
      if (lines.length > 0) await runner.query('INSERT INTO dataset_export_lines (file, line) SELECT $1, unnest($2::text[])', [file, lines]);
    },
    async streamStagedLines(file, batchSize, onLines) {
      if (!staging) return;
      await staging;
      await runner.query('DECLARE staged_lines NO SCROLL CURSOR FOR SELECT line FROM dataset_export_lines WHERE file = $1 ORDER BY line COLLATE "C"', [file]);
      await fetchAll<{ line: string }>('staged_lines', batchSize, (rows) => onLines(rows.map((r) => r.line)));
    },
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
