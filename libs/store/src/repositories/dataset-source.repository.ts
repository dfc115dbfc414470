import type { DataSource, QueryRunner } from 'typeorm';
import { withAsOfEvents, type AsOfAnnotationRow, type AsOfEvents, type AsOfInteractionRow } from './as-of-events';

export type AsOfComparisonRow = AsOfAnnotationRow;
export type AsOfRatingRow = AsOfAnnotationRow;

/** One consistent view of the event store for a whole dataset build. */
export interface AsOfSnapshot {
  raterGroups(): Promise<Map<string, string>>;
  countComparisons(): Promise<{ included: number; erased: number }>;
  /** Streams comparisons recorded by the as-of time, ordered by task id then event id, with their amendments recorded by then. */
  streamComparisons(batchSize: number, onRows: (rows: AsOfComparisonRow[]) => Promise<void> | void): Promise<void>;
  kafkaOffsets(): Promise<{ topic: string; partition: number; maxOffset: string; events: number }[]>;
  erasures(): Promise<{ eventId: string; subjectKind: string; recordedAt: string }[]>;
  /** The latest profile of each rater as of T: opt-in group (`no-group` when none) and region. */
  raterProfiles(): Promise<Map<string, { group: string; region: string | null; kind: 'human' | 'model' }>>;
  /** interaction.logged, feedback.recorded, outcome.recorded and rating.recorded events recorded by T, kept and erased. */
  countSignals(): Promise<
    Record<'interactions' | 'feedback' | 'outcomes' | 'ratings', { included: number; erased: number }>
  >;
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
 * Reads what the platform knew at T as `as-of-events.ts` defines it (events
 * recorded by T, amendments recorded by T, erased events gone whatever T), for a
 * dataset build: one REPEATABLE READ transaction so every query sees the same
 * data, streamed with server-side cursors so memory stays flat as history grows.
 */
export class DatasetSourceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async withSnapshot<T>(tenant: string, asOf: string, work: (snapshot: AsOfSnapshot) => Promise<T>): Promise<T> {
    return withAsOfEvents(this.dataSource, tenant, asOf, (events, runner) => work(snapshotOf(events, runner)));
  }
}

const SIGNAL_TYPES = {
  interactions: 'interaction.logged',
  feedback: 'feedback.recorded',
  outcomes: 'outcome.recorded',
  ratings: 'rating.recorded',
} as const;

function snapshotOf(events: AsOfEvents, runner: QueryRunner): AsOfSnapshot {
  let staging: Promise<void> | undefined;
  return {
    async raterProfiles() {
      const rows = await events.latestRaterProfiles();
      return new Map(
        rows.map((r) => [
          r.rater_id,
          {
            group: groupOf(r.data),
            region: typeof r.data.region === 'string' ? r.data.region : null,
            kind: r.data.kind === 'model' ? ('model' as const) : ('human' as const),
          },
        ]),
      );
    },
    async raterGroups() {
      const rows = await events.latestRaterProfiles();
      return new Map(rows.map((r) => [r.rater_id, groupOf(r.data)]));
    },
    async countSignals() {
      const counts = await events.count(Object.values(SIGNAL_TYPES));
      const of = (type: string) => counts.get(type) ?? { included: 0, erased: 0 };
      return {
        interactions: of(SIGNAL_TYPES.interactions),
        feedback: of(SIGNAL_TYPES.feedback),
        outcomes: of(SIGNAL_TYPES.outcomes),
        ratings: of(SIGNAL_TYPES.ratings),
      };
    },
    async countComparisons() {
      return (await events.count(['comparison.recorded'])).get('comparison.recorded') ?? { included: 0, erased: 0 };
    },
    streamInteractions: (batchSize, onRows) => events.streamInteractions(batchSize, onRows),
    streamRatings: (batchSize, onRows) => events.streamAnnotations('rating.recorded', 'task', batchSize, onRows),
    streamComparisons: (batchSize, onRows) =>
      events.streamAnnotations('comparison.recorded', 'task', batchSize, onRows),
    kafkaOffsets: () => events.kafkaOffsets(),
    async stageLines(file, lines) {
      staging ??= runner
        .query('CREATE TEMPORARY TABLE dataset_export_lines (file text NOT NULL, line text NOT NULL) ON COMMIT DROP')
        .then(() => undefined);
      await staging;
      if (lines.length > 0)
        await runner.query('INSERT INTO dataset_export_lines (file, line) SELECT $1, unnest($2::text[])', [
          file,
          lines,
        ]);
    },
    async streamStagedLines(file, batchSize, onLines) {
      if (!staging) return;
      await staging;
      await runner.query(
        'DECLARE staged_lines NO SCROLL CURSOR FOR SELECT line FROM dataset_export_lines WHERE file = $1 ORDER BY line COLLATE "C"',
        [file],
      );
      await events.fetchAll<{ line: string }>('staged_lines', batchSize, (rows) => onLines(rows.map((r) => r.line)));
    },
    async erasures() {
      const rows: { event_id: string; subject_kind: string; recorded_at: Date }[] = await runner.query(
        'SELECT event_id::text, subject_kind, recorded_at FROM erasures WHERE tenant = $1 ORDER BY recorded_at, event_id',
        [events.tenant],
      );
      return rows.map((r) => ({
        eventId: r.event_id,
        subjectKind: r.subject_kind,
        recordedAt: r.recorded_at.toISOString(),
      }));
    },
  };
}

/** A rater's opt-in group, `no-group` when they disclosed none. */
const groupOf = (data: Record<string, unknown>): string =>
  typeof data.optInGroup === 'string' ? data.optInGroup : 'no-group';
