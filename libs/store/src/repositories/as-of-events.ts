import type { DataSource, QueryRunner } from 'typeorm';
import { withRepeatableRead } from './repeatable-read';
import { notOfErasedRoutedTask } from './routing-projection';

/*
 * The one definition of "what the platform knew at T", read by every point-in-time
 * reader (dataset builds, their exports, the quality report):
 *   - an event is known at T when it was recorded at or before T (`recorded_at ≤ T`),
 *     whenever its client says it occurred — an event that arrives late is not known
 *     at an earlier T, even if it occurred before;
 *   - corrections and retractions count when they were recorded by T, in recorded order;
 *   - erased events are gone whatever T: an erasure redacts in place, so a build as of
 *     a T before the erasure does not bring the data back.
 * Queries take `$1` the tenant and `$2` T.
 */

/** The SQL predicate "event `alias` was known at T and is not erased" (`$2` is T). */
export const knownAt = (alias: string): string => `${alias}.recorded_at <= $2 AND NOT ${alias}.erased`;

/** An annotation (comparison or rating) known at T with its amendments recorded by T, in recorded order. */
export interface AsOfAnnotationRow {
  readonly id: string;
  readonly data: Record<string, unknown>;
  readonly occurred_at: Date;
  readonly recorded_at: Date;
  /** `annotation.corrected` and `annotation.retracted` events about it recorded by T and not erased, in recorded order. */
  readonly amendments: { type: string; data: Record<string, unknown> }[];
}

export interface AsOfInteractionRow {
  readonly id: string;
  readonly data: Record<string, unknown>;
  /** feedback.recorded and outcome.recorded events about the interaction recorded by T and not erased, in recorded order. */
  readonly signals: { id: string; type: string; occurred_at: string; data: Record<string, unknown> }[];
}

export type AnnotationType = 'comparison.recorded' | 'rating.recorded';

/** How an annotation stream is ordered: by task id then event id (byte order), or as the database finds it. */
export type AnnotationOrder = 'task' | 'none';

/** The events of one tenant as known at T, read in one REPEATABLE READ transaction (so every query agrees). */
export class AsOfEvents {
  constructor(
    private readonly runner: QueryRunner,
    readonly tenant: string,
    readonly asOf: string,
  ) {}

  /** Events of `types` recorded by T, per type: those kept and those erased. */
  async count(types: readonly string[]): Promise<Map<string, { included: number; erased: number }>> {
    const rows: { type: string; included: string; erased: string }[] = await this.runner.query(
      `SELECT e.type, count(*) FILTER (WHERE NOT e.erased) AS included, count(*) FILTER (WHERE e.erased) AS erased
       FROM events e WHERE e.tenant = $1 AND e.type = ANY($3::text[]) AND e.recorded_at <= $2
       GROUP BY e.type`,
      [this.tenant, this.asOf, types],
    );
    return new Map(
      types.map((type) => {
        const row = rows.find((r) => r.type === type);
        return [type, { included: Number(row?.included ?? 0), erased: Number(row?.erased ?? 0) }];
      }),
    );
  }

  /** The latest `rater.profiled` data of every rater known at T (by recorded time, then id). */
  async latestRaterProfiles(): Promise<{ rater_id: string; data: Record<string, unknown> }[]> {
    return this.runner.query(
      `SELECT DISTINCT ON (e.payload -> 'data' ->> 'raterId') e.payload -> 'data' ->> 'raterId' AS rater_id, e.payload -> 'data' AS data
       FROM events e WHERE e.tenant = $1 AND e.type = 'rater.profiled' AND ${knownAt('e')}
       ORDER BY e.payload -> 'data' ->> 'raterId', e.recorded_at DESC, e.id DESC`,
      [this.tenant, this.asOf],
    );
  }

  /** The latest boolean `success` of each interaction's outcomes known at T (by recorded time, then id), whatever the outcome's name. */
  async latestOutcomeSuccesses(): Promise<Map<string, boolean>> {
    const rows: { interaction_id: string; success: boolean }[] = await this.runner.query(
      `SELECT DISTINCT ON (e.payload -> 'data' ->> 'interactionId') e.payload -> 'data' ->> 'interactionId' AS interaction_id,
         (e.payload -> 'data' ->> 'success')::boolean AS success
       FROM events e WHERE e.tenant = $1 AND e.type = 'outcome.recorded' AND ${knownAt('e')}
         AND jsonb_typeof(e.payload -> 'data' -> 'success') = 'boolean'
       ORDER BY e.payload -> 'data' ->> 'interactionId', e.recorded_at DESC, e.id DESC`,
      [this.tenant, this.asOf],
    );
    return new Map(rows.map((r) => [r.interaction_id, r.success]));
  }

  /**
   * Streams the annotations of `type` known at T with their amendments recorded by T
   * (gathered once, a hash join, not looked up per annotation).
   */
  async streamAnnotations(
    type: AnnotationType,
    order: AnnotationOrder,
    batchSize: number,
    onRows: (rows: AsOfAnnotationRow[]) => Promise<void> | void,
  ): Promise<void> {
    const cursor = type === 'comparison.recorded' ? 'as_of_comparisons' : 'as_of_ratings';
    await this.runner.query(
      `DECLARE ${cursor} NO SCROLL CURSOR FOR
       WITH amendments AS (
         SELECT a.subject_id, jsonb_agg(jsonb_build_object('type', a.type, 'data', a.payload -> 'data') ORDER BY a.recorded_at, a.id) AS list
         FROM events a
         WHERE a.tenant = $1 AND a.type IN ('annotation.corrected', 'annotation.retracted') AND a.subject_kind = 'annotation' AND ${knownAt('a')}
         GROUP BY a.subject_id
       )
       SELECT c.id::text AS id, c.payload -> 'data' AS data, c.occurred_at, c.recorded_at, COALESCE(m.list, '[]'::jsonb) AS amendments
       FROM events c LEFT JOIN amendments m ON m.subject_id = c.id::text
       WHERE c.tenant = $1 AND c.type = $3 AND ${knownAt('c')}
         ${type === 'comparison.recorded' ? `AND ${notOfErasedRoutedTask('c')}` : ''}
       ${order === 'task' ? `ORDER BY c.payload -> 'data' ->> 'taskId' COLLATE "C", c.id` : ''}`,
      [this.tenant, this.asOf, type],
    );
    await this.fetchAll(cursor, batchSize, onRows);
  }

  /** Interactions logged by T (first log of each id), ordered by interaction id, with their feedback and outcomes recorded by T. */
  async streamInteractions(
    batchSize: number,
    onRows: (rows: AsOfInteractionRow[]) => Promise<void> | void,
  ): Promise<void> {
    await this.runner.query(
      `DECLARE as_of_interactions NO SCROLL CURSOR FOR
       SELECT DISTINCT ON (i.payload -> 'data' ->> 'interactionId' COLLATE "C") i.id::text AS id, i.payload -> 'data' AS data,
         COALESCE((SELECT jsonb_agg(jsonb_build_object('id', s.id::text, 'type', s.type, 'occurred_at', to_char(s.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', s.payload -> 'data') ORDER BY s.recorded_at, s.id)
                   FROM events s
                   WHERE s.tenant = i.tenant AND s.subject_kind = 'interaction' AND s.subject_id = i.payload -> 'data' ->> 'interactionId'
                     AND s.type IN ('feedback.recorded', 'outcome.recorded') AND ${knownAt('s')}), '[]'::jsonb) AS signals
       FROM events i
       WHERE i.tenant = $1 AND i.type = 'interaction.logged' AND ${knownAt('i')}
       ORDER BY i.payload -> 'data' ->> 'interactionId' COLLATE "C", i.recorded_at, i.id`,
      [this.tenant, this.asOf],
    );
    await this.fetchAll('as_of_interactions', batchSize, onRows);
  }

  /** Per Kafka partition, the highest offset and the number of events recorded by T (erased ones included: they were consumed). */
  async kafkaOffsets(): Promise<{ topic: string; partition: number; maxOffset: string; events: number }[]> {
    const rows: { topic: string; partition: number; max_offset: string; events: string }[] = await this.runner.query(
      `SELECT kafka_topic AS topic, kafka_partition AS partition, max(kafka_offset)::text AS max_offset, count(*)::text AS events
       FROM events WHERE tenant = $1 AND recorded_at <= $2 GROUP BY 1, 2 ORDER BY 1, 2`,
      [this.tenant, this.asOf],
    );
    return rows.map((r) => ({
      topic: r.topic,
      partition: r.partition,
      maxOffset: r.max_offset,
      events: Number(r.events),
    }));
  }

  /** Reads an open cursor to its end in batches, then closes it. */
  async fetchAll<R>(cursor: string, batchSize: number, onRows: (rows: R[]) => Promise<void> | void): Promise<void> {
    for (;;) {
      const rows: R[] = await this.runner.query(`FETCH ${Math.max(1, Math.floor(batchSize))} FROM ${cursor}`);
      if (rows.length === 0) break;
      await onRows(rows);
    }
    await this.runner.query(`CLOSE ${cursor}`);
  }
}

/** Runs `work` over a tenant's events as known at `asOf`, in one REPEATABLE READ transaction; `runner` is for the caller's own temporary tables. */
export function withAsOfEvents<T>(
  dataSource: DataSource,
  tenant: string,
  asOf: string,
  work: (events: AsOfEvents, runner: QueryRunner) => Promise<T>,
): Promise<T> {
  return withRepeatableRead(dataSource, (runner) => work(new AsOfEvents(runner, tenant, asOf), runner));
}
