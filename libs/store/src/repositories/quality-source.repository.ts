import type { DataSource } from 'typeorm';
import { withAsOfEvents, type AsOfAnnotationRow, type AsOfEvents } from './as-of-events';

/** A `comparison.recorded` event as of T: its data, its client time, and the corrections and retractions recorded by T, in order. */
export type QualityComparisonRow = AsOfAnnotationRow;

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
  /** the latest `success` of every interaction with a yes/no outcome recorded by T (by recorded time, then id) */
  outcomeSuccesses(): Promise<Map<string, boolean>>;
  /** Streams the comparisons recorded by T, in no particular order, with their amendments recorded by T. */
  streamComparisons(batchSize: number, onRows: (rows: QualityComparisonRow[]) => Promise<void> | void): Promise<void>;
}

/**
 * The quality report's read model: what the platform knew about a tenant's raters
 * and their comparisons at T, as `as-of-events.ts` defines it for every
 * point-in-time reader (the dataset builds too). One REPEATABLE READ transaction, so
 * the count, the profiles and the stream agree, and a server-side cursor, so rows
 * arrive in batches as history grows.
 */
export class QualitySourceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async withSnapshot<T>(tenant: string, asOf: string, work: (snapshot: QualitySnapshot) => Promise<T>): Promise<T> {
    return withAsOfEvents(this.dataSource, tenant, asOf, (events) => work(qualitySnapshotOf(events)));
  }
}

function qualitySnapshotOf(events: AsOfEvents): QualitySnapshot {
  return {
    countComparisons: async () =>
      (await events.count(['comparison.recorded'])).get('comparison.recorded')?.included ?? 0,
    raterProfiles: () => events.latestRaterProfiles(),
    outcomeSuccesses: () => events.latestOutcomeSuccesses(),
    streamComparisons: (batchSize, onRows) =>
      events.streamAnnotations('comparison.recorded', 'none', batchSize, onRows),
  };
}
