import type { DataSource } from 'typeorm';

/** A `blend.weights-assigned` as the event store holds it. */
export interface BlendWeightsRow {
  readonly eventId: string;
  readonly objective: string;
  readonly field: string;
  readonly weights: Record<string, number>;
  readonly reason: string;
  readonly setBy: string;
  readonly keyId: string | null;
  readonly setAt: string;
  readonly recordedAt: Date;
}

interface RawRow {
  id: string;
  data: Omit<BlendWeightsRow, 'eventId' | 'recordedAt'>;
  recorded_at: Date;
}

const toRow = (r: RawRow): BlendWeightsRow => ({ eventId: r.id, ...r.data, recordedAt: r.recorded_at });

/**
 * Governance's blend weights, read from the event store (the projector stores
 * every `blend.weights-assigned` there; a replay rebuilds it): the weights in effect at
 * T are the latest recorded by T, as every point-in-time reader counts time.
 */
export class BlendWeightsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The weights for (objective, field) in effect at `asOf`, if any were set by then. */
  async inEffect(tenant: string, objective: string, field: string, asOf: Date): Promise<BlendWeightsRow | undefined> {
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT id, payload -> 'data' AS data, recorded_at FROM events
       WHERE tenant = $1 AND type = 'blend.weights-assigned' AND recorded_at <= $2 AND NOT erased
         AND payload -> 'data' ->> 'objective' = $3 AND payload -> 'data' ->> 'field' = $4
       ORDER BY recorded_at DESC, id DESC LIMIT 1`,
      [tenant, asOf, objective, field],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  /** Every weights decision of the tenant, newest first (optionally of one objective). */
  async history(tenant: string, options: { objective?: string; limit: number }): Promise<BlendWeightsRow[]> {
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT id, payload -> 'data' AS data, recorded_at FROM events
       WHERE tenant = $1 AND type = 'blend.weights-assigned' AND NOT erased
         AND ($2::text IS NULL OR payload -> 'data' ->> 'objective' = $2)
       ORDER BY recorded_at DESC, id DESC LIMIT $3`,
      [tenant, options.objective ?? null, options.limit],
    );
    return rows.map(toRow);
  }
}
