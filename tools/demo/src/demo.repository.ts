import type { DataSource } from '@hindsight/store';
import { quoteIdentifier } from '@hindsight/store';

/** What the demo reads and removes in its own schema, beyond what the platform's repositories offer. */
export class DemoRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Events of these types of the tenant that the projector has written to the event store. */
  async projectedEvents(tenant: string, types: readonly string[]): Promise<number> {
    const [row]: { n: string }[] = await this.dataSource.query(
      'SELECT count(*) AS n FROM events WHERE tenant = $1 AND type = ANY($2)',
      [tenant, types],
    );
    return Number(row.n);
  }

  /** The tenant's retrain runs as projected from the retraining topic. */
  async projectedRuns(tenant: string): Promise<{ runId: string; status: string }[]> {
    const rows: { run_id: string; status: string }[] = await this.dataSource.query(
      'SELECT run_id, status FROM retrain_runs WHERE tenant = $1 ORDER BY run_id',
      [tenant],
    );
    return rows.map((r) => ({ runId: r.run_id, status: r.status }));
  }

  /** Drops the demo's schema with everything in it; only ever called with the demo's own schema name. */
  async dropSchema(schema: string): Promise<void> {
    await this.dataSource.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  }
}
