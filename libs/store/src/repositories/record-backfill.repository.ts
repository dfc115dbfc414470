import type { DataSource } from 'typeorm';
import type { RecordEvent } from '@hindsight/contracts';
import { storedOffsets, type PartitionOffset } from './consumer-offsets';
import { apiKeyRowOf, type ApiKeyRow, type RawApiKeyRow } from './api-key.repository';
import { projectRecordEvents } from './record-projection';
import { policyRowOf, type RawPolicyRow, type RetrainPolicyRow } from './retrain-policy.repository';

/** A stored policy with its deletion time (deleted policies are rebuilt too: their runs refer to them). */
export type BackfillPolicyRow = RetrainPolicyRow & { readonly deletedAt: Date | null };

export interface BackfillBudgetRow {
  readonly tenant: string;
  readonly runId: string;
  readonly klBudget: number;
  readonly updatedAt: Date;
}

/**
 * Records stored before they were events — policies, API keys and run budgets
 * with no event in the event store — for `hindsight records backfill`, which
 * publishes their events so that a replay can rebuild them.
 */
export class RecordBackfillRepository {
  constructor(private readonly dataSource: DataSource) {}

  async policiesWithoutEvents(): Promise<BackfillPolicyRow[]> {
    const rows: (RawPolicyRow & { deleted_at: Date | null })[] = await this.dataSource.query(
      `SELECT p.* FROM retrain_policies p
       WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.tenant = p.tenant AND e.subject_kind = 'policy' AND e.subject_id = p.id::text)
       ORDER BY p.created_at, p.id`,
    );
    return rows.map((r) => ({ ...policyRowOf(r), deletedAt: r.deleted_at }));
  }

  /**
   * Keys without events. Their times were set by PostgreSQL (`now()`, microseconds);
   * events carry milliseconds, so they are first truncated to what the events will say.
   */
  async keysWithoutEvents(): Promise<ApiKeyRow[]> {
    // UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [updated]: [RawApiKeyRow[], number] = await this.dataSource.query(
      `UPDATE api_keys k SET created_at = date_trunc('milliseconds', k.created_at), revoked_at = date_trunc('milliseconds', k.revoked_at)
       WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.tenant = k.tenant AND e.subject_kind = 'api-key' AND e.subject_id = k.id::text)
       RETURNING k.*`,
    );
    return [...updated]
      .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.id.localeCompare(b.id))
      .map(apiKeyRowOf);
  }

  async budgetsWithoutEvents(): Promise<BackfillBudgetRow[]> {
    const rows: { tenant: string; run_id: string; kl_budget: number; updated_at: Date }[] = await this.dataSource.query(
      `SELECT b.* FROM run_budgets b
       WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.tenant = b.tenant AND e.type = 'run.kl-budget-assigned' AND e.subject_kind = 'run' AND e.subject_id = b.run_id)
       ORDER BY b.tenant, b.run_id`,
    );
    return rows.map((r) => ({
      tenant: r.tenant,
      runId: r.run_id,
      klBudget: Number(r.kl_budget),
      updatedAt: r.updated_at,
    }));
  }

  /** Where the projector's group has applied the log up to (its offsets, stored with its writes). */
  projectorPositions(group: string): Promise<PartitionOffset[]> {
    return storedOffsets(this.dataSource, group);
  }

  /** Applies published events, with the projector's code (for a policy, its revision catches up with them). */
  apply(events: readonly RecordEvent[]): Promise<void> {
    return projectRecordEvents(this.dataSource, events);
  }
}
