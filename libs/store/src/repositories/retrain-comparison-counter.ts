import type { DataSource } from 'typeorm';

/**
 * The volume trigger's count (`NewComparisonCounter` in @hindsight/scheduling)
 * from the projector's `comparisons` read model: comparisons of the tenant for
 * any of the objectives recorded after `since`, not retracted and not erased.
 * It counts what the projector has applied so far, so it may trail the topic by
 * the projector's lag.
 */
export class RetrainComparisonCounter {
  constructor(private readonly dataSource: DataSource) {}

  async countSince(tenant: string, objectives: readonly string[], since: Date): Promise<number | undefined> {
    const rows: { n: string }[] = await this.dataSource.query(
      `SELECT count(*) AS n FROM comparisons
       WHERE tenant = $1 AND objective = ANY($2::text[]) AND recorded_at > $3 AND retracted_at IS NULL AND NOT erased`,
      [tenant, objectives, since],
    );
    return Number(rows[0].n);
  }
}
