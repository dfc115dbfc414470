import type { DataSource } from 'typeorm';
import type { RetrainPolicyEvent } from '@hindsight/contracts';
import { projectRecordEvents, type Queryable } from './record-projection';

export type RetrainCatchUp = 'latest-only' | 'all';

/** A stored retrain policy (the shape of @hindsight/scheduling's `RetrainPolicy`). */
export interface RetrainPolicyRow {
  readonly id: string;
  readonly tenant: string;
  readonly name: string;
  readonly cadence: string;
  readonly timezone: string;
  readonly objectives: readonly string[];
  readonly recipe: {
    readonly id: string;
    readonly version: number;
    readonly inline?: Readonly<Record<string, unknown>>;
  };
  readonly catchUp: RetrainCatchUp;
  readonly minNewComparisons: number | null;
  readonly driftThreshold: number | null;
  readonly status: 'active' | 'paused';
  readonly createdAt: Date;
  readonly pausedAt: Date | null;
  readonly activeSince: Date;
  /** The change counter of the policy's events (1 when created); read from the store, ignored by `insert`. */
  readonly revision?: number;
}

/** A policy as stored, with its revision. */
export type StoredRetrainPolicyRow = RetrainPolicyRow & { readonly revision: number };

/** A `retrain_policies` row as PostgreSQL returns it. */
export interface RawPolicyRow {
  id: string;
  tenant: string;
  name: string;
  cadence: string;
  timezone: string;
  objectives: string[];
  recipe: RetrainPolicyRow['recipe'];
  catch_up: RetrainCatchUp;
  min_new_comparisons: number | null;
  drift_threshold: number | null;
  created_at: Date;
  paused_at: Date | null;
  active_since: Date;
  revision: number;
}

const columns =
  'id, tenant, name, cadence, timezone, objectives, recipe, catch_up, min_new_comparisons, drift_threshold, created_at, paused_at, active_since, revision';

export function policyRowOf(r: RawPolicyRow): StoredRetrainPolicyRow {
  return {
    id: r.id,
    tenant: r.tenant,
    name: r.name,
    cadence: r.cadence,
    timezone: r.timezone,
    objectives: r.objectives,
    recipe: r.recipe,
    catchUp: r.catch_up,
    minNewComparisons: r.min_new_comparisons,
    driftThreshold: r.drift_threshold === null ? null : Number(r.drift_threshold),
    status: r.paused_at === null ? 'active' : 'paused',
    createdAt: r.created_at,
    pausedAt: r.paused_at,
    activeSince: r.active_since,
    revision: r.revision,
  };
}

/**
 * Retrain policies per tenant: the projection of the `retrain-policy.*` events
 * (record-projection.ts). Deleting keeps the row (its requested runs refer to it)
 * but hides it everywhere. The product writes only through `exclusively` +
 * `apply` (RetrainPolicies: publish, then apply); `insert`, `setPaused` and
 * `delete` write rows without events and are for tests that arrange a scheduler's input.
 */
export class RetrainPolicyRepository {
  /** `db`: where the queries run (the transaction of `exclusively`, else the pool). */
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: Queryable = dataSource,
  ) {}

  /**
   * Runs `work` holding a transaction-scoped advisory lock named `lock` (every
   * process on this database waits for it), with a repository whose reads and
   * writes use that transaction: a writer holding the lock never waits for a
   * second pooled connection, so concurrent writers cannot starve the pool.
   */
  async exclusively<T>(lock: string, work: (locked: RetrainPolicyRepository) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lock]);
      return work(new RetrainPolicyRepository(this.dataSource, tx));
    });
  }

  /** Applies a published policy event, with the projector's code. */
  apply(event: RetrainPolicyEvent): Promise<void> {
    return projectRecordEvents(this.db, [event]);
  }

  /** Test fixture (no event): inserts the policy; undefined when the tenant already has a live policy of that name. */
  async insert(p: RetrainPolicyRow): Promise<StoredRetrainPolicyRow | undefined> {
    const rows: RawPolicyRow[] = await this.db.query(
      `INSERT INTO retrain_policies (id, tenant, name, cadence, timezone, objectives, recipe, catch_up, min_new_comparisons, drift_threshold, created_at, paused_at, active_since)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
       WHERE NOT EXISTS (SELECT 1 FROM retrain_policies WHERE tenant = $2 AND name = $3 AND deleted_at IS NULL)
       ON CONFLICT (id) DO NOTHING
       RETURNING ${columns}`,
      [
        p.id,
        p.tenant,
        p.name,
        p.cadence,
        p.timezone,
        p.objectives,
        JSON.stringify(p.recipe),
        p.catchUp,
        p.minNewComparisons,
        p.driftThreshold,
        p.createdAt,
        p.status === 'paused' ? (p.pausedAt ?? p.createdAt) : null,
        p.activeSince,
      ],
    );
    return rows[0] ? policyRowOf(rows[0]) : undefined;
  }

  async find(tenant: string, id: string): Promise<StoredRetrainPolicyRow | undefined> {
    const rows: RawPolicyRow[] = await this.db.query(
      `SELECT ${columns} FROM retrain_policies WHERE tenant = $1 AND id = $2 AND deleted_at IS NULL`,
      [tenant, id],
    );
    return rows[0] ? policyRowOf(rows[0]) : undefined;
  }

  /** A live policy by id whatever its tenant (the CLI's `retrain --policy`). */
  async findAnyTenant(id: string): Promise<StoredRetrainPolicyRow | undefined> {
    const rows: RawPolicyRow[] = await this.db.query(
      `SELECT ${columns} FROM retrain_policies WHERE id = $1 AND deleted_at IS NULL`,
      [id],
    );
    return rows[0] ? policyRowOf(rows[0]) : undefined;
  }

  /** A live policy by tenant and name. */
  async findByName(tenant: string, name: string): Promise<StoredRetrainPolicyRow | undefined> {
    const rows: RawPolicyRow[] = await this.db.query(
      `SELECT ${columns} FROM retrain_policies WHERE tenant = $1 AND name = $2 AND deleted_at IS NULL`,
      [tenant, name],
    );
    return rows[0] ? policyRowOf(rows[0]) : undefined;
  }

  async list(tenant?: string): Promise<StoredRetrainPolicyRow[]> {
    const rows: RawPolicyRow[] =
      tenant === undefined
        ? await this.db.query(
            `SELECT ${columns} FROM retrain_policies WHERE deleted_at IS NULL ORDER BY tenant, created_at, id`,
          )
        : await this.db.query(
            `SELECT ${columns} FROM retrain_policies WHERE tenant = $1 AND deleted_at IS NULL ORDER BY created_at, id`,
            [tenant],
          );
    return rows.map(policyRowOf);
  }

  /** Live, unpaused policies of every tenant: what the scheduler evaluates on a tick. */
  async listActive(): Promise<RetrainPolicyRow[]> {
    const rows: RawPolicyRow[] = await this.db.query(
      `SELECT ${columns} FROM retrain_policies WHERE deleted_at IS NULL AND paused_at IS NULL ORDER BY id`,
    );
    return rows.map(policyRowOf);
  }

  /** Test fixture (no event). Pause: `paused_at` = at. Resume: `paused_at` cleared and `active_since` = at (paused periods are not caught up). */
  async setPaused(tenant: string, id: string, paused: boolean, at: Date): Promise<StoredRetrainPolicyRow | undefined> {
    // UPDATE answers [rows, count] through TypeORM.
    const [rows]: [RawPolicyRow[], number] = paused
      ? await this.db.query(
          `UPDATE retrain_policies SET paused_at = COALESCE(paused_at, $3), revision = revision + 1 WHERE tenant = $1 AND id = $2 AND deleted_at IS NULL RETURNING ${columns}`,
          [tenant, id, at],
        )
      : await this.db.query(
          `UPDATE retrain_policies SET active_since = CASE WHEN paused_at IS NULL THEN active_since ELSE $3 END, paused_at = NULL, revision = revision + 1
           WHERE tenant = $1 AND id = $2 AND deleted_at IS NULL RETURNING ${columns}`,
          [tenant, id, at],
        );
    return rows[0] ? policyRowOf(rows[0]) : undefined;
  }

  /** Test fixture (no event). */
  async delete(tenant: string, id: string, at: Date): Promise<boolean> {
    const result: [unknown[], number] = await this.db.query(
      'UPDATE retrain_policies SET deleted_at = $3, revision = revision + 1 WHERE tenant = $1 AND id = $2 AND deleted_at IS NULL',
      [tenant, id, at],
    );
    return result[1] > 0;
  }
}
