import type { DataSource, EntityManager } from 'typeorm';

export type RetrainRequestReason = 'cadence' | 'catch-up' | 'volume' | 'drift' | 'manual';

/** One requested run in the outbox, with its sealed `retrain.requested` as published. */
export interface RetrainRequestRow {
  readonly runId: string;
  readonly eventId: string;
  readonly tenant: string;
  readonly policyId: string | null;
  readonly reason: RetrainRequestReason;
  /** Null for manual requests. */
  readonly period: string | null;
  /** The scheduled fire instant of clock fires (cadence, catch-up); null otherwise. */
  readonly fireAt: Date | null;
  readonly asOf: Date;
  /** The event exactly as it is (re)published. */
  readonly eventJson: string;
  readonly recordedAt: Date;
  readonly publishedAt: Date | null;
}

/** What the scheduler needs to know about a policy's past runs. */
export interface RetrainPolicyHistory {
  /** The latest scheduled fire instant of a clock fire (cadence or catch-up). */
  readonly lastClockFire?: Date;
  /** The latest requested run of the policy, any trigger. */
  readonly lastRun?: { readonly runId: string; readonly asOf: Date };
}

interface RawRow {
  run_id: string;
  event_id: string;
  tenant: string;
  policy_id: string | null;
  reason: RetrainRequestReason;
  period: string | null;
  fire_at: Date | null;
  as_of: Date;
  event_json: string;
  recorded_at: Date;
  published_at: Date | null;
}

const columns =
  'run_id, event_id, tenant, policy_id, reason, period, fire_at, as_of, event_json, recorded_at, published_at';

function toRow(r: RawRow): RetrainRequestRow {
  return {
    runId: r.run_id,
    eventId: r.event_id,
    tenant: r.tenant,
    policyId: r.policy_id,
    reason: r.reason,
    period: r.period,
    fireAt: r.fire_at,
    asOf: r.as_of,
    eventJson: r.event_json,
    recordedAt: r.recorded_at,
    publishedAt: r.published_at,
  };
}

/**
 * The outbox of requested retrains. `record` inserts and commits a request
 * before anything is published; a second request for the same (tenant, policy,
 * period), or the same run id in the tenant, inserts nothing. Every request on
 * Kafka is also a row here: the projector rebuilds them from `retrain.requested`
 * (see record-projection.ts), so a policy still fires once per period after a
 * replay. Run ids are chosen by clients too: every lookup is tenant-scoped. Publishing happens inside `publishRecorded`/`publishPending`,
 * which lock the rows (`FOR UPDATE`), call the publisher, and set `published_at`
 * only after it resolved (the broker acknowledged), so two processes never
 * publish the same row at once and a crash leaves the row to be published again.
 */
export class RetrainRequestRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the request (committed on return); false when its (tenant, policy, period), (tenant, run id) or event id is already recorded. */
  async record(r: Omit<RetrainRequestRow, 'publishedAt'>): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO retrain_requests (run_id, event_id, tenant, policy_id, reason, period, fire_at, as_of, event_json, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT DO NOTHING RETURNING run_id`,
      [r.runId, r.eventId, r.tenant, r.policyId, r.reason, r.period, r.fireAt, r.asOf, r.eventJson, r.recordedAt],
    );
    return rows.length === 1;
  }

  /**
   * Publishes one recorded request unless it is published already; true when this
   * call published it. `publish` must resolve only once the broker acknowledged.
   */
  async publishRecorded(
    tenant: string,
    runId: string,
    publish: (rows: readonly RetrainRequestRow[]) => Promise<void>,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const rows: RawRow[] = await manager.query(
        `SELECT ${columns} FROM retrain_requests WHERE tenant = $1 AND run_id = $2 AND published_at IS NULL FOR UPDATE`,
        [tenant, runId],
      );
      if (rows.length === 0) return false;
      await publish(rows.map(toRow));
      await manager.query('UPDATE retrain_requests SET published_at = now() WHERE tenant = $1 AND run_id = $2', [
        tenant,
        runId,
      ]);
      return true;
    });
  }

  /**
   * Publishes up to `limit` unpublished requests, oldest first, skipping rows
   * another process is publishing right now; returns how many it published.
   */
  async publishPending(limit: number, publish: (rows: readonly RetrainRequestRow[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const rows: RawRow[] = await manager.query(
        `SELECT ${columns} FROM retrain_requests WHERE published_at IS NULL ORDER BY recorded_at, run_id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      await publish(rows.map(toRow));
      await manager.query('UPDATE retrain_requests SET published_at = now() WHERE event_id = ANY($1::uuid[])', [
        rows.map((r) => r.event_id),
      ]);
      return rows.length;
    });
  }

  /** The requests of the tenant's policy: a request another tenant sent naming this policy id is no part of its history. */
  async history(tenant: string, policyId: string): Promise<RetrainPolicyHistory> {
    const rows: { last_clock_fire: Date | null; last_run_id: string | null; last_as_of: Date | null }[] =
      await this.dataSource.query(
        `SELECT (SELECT max(fire_at) FROM retrain_requests WHERE tenant = $2 AND policy_id = $1 AND reason IN ('cadence', 'catch-up')) AS last_clock_fire,
              last.run_id AS last_run_id, last.as_of AS last_as_of
       FROM (SELECT 1) AS one
       LEFT JOIN LATERAL (SELECT run_id, as_of FROM retrain_requests WHERE tenant = $2 AND policy_id = $1 ORDER BY recorded_at DESC, as_of DESC, run_id DESC LIMIT 1) AS last ON true`,
        [policyId, tenant],
      );
    const r = rows[0];
    return {
      ...(r.last_clock_fire ? { lastClockFire: r.last_clock_fire } : {}),
      ...(r.last_run_id && r.last_as_of ? { lastRun: { runId: r.last_run_id, asOf: r.last_as_of } } : {}),
    };
  }

  async find(tenant: string, runId: string): Promise<RetrainRequestRow | undefined> {
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT ${columns} FROM retrain_requests WHERE tenant = $1 AND run_id = $2`,
      [tenant, runId],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  /** A policy's requests (of `tenant` only, when given) in the order they were requested (by record time, then as-of time). */
  async listByPolicy(policyId: string, tenant?: string): Promise<RetrainRequestRow[]> {
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT ${columns} FROM retrain_requests WHERE policy_id = $1 AND ($2::text IS NULL OR tenant = $2) ORDER BY recorded_at, as_of, run_id`,
      [policyId, tenant ?? null],
    );
    return rows.map(toRow);
  }
}
