import type { DataSource, EntityManager } from 'typeorm';

export interface IdempotencyRecord {
  readonly key: string;
  readonly requestHash: string;
  readonly response: unknown;
}

export interface IdempotencyScope {
  /** Records already completed for the keys, by key. */
  readonly existing: ReadonlyMap<string, IdempotencyRecord>;
  /** Records the outcome of newly published keys; committed with the scope. */
  save(records: readonly IdempotencyRecord[]): Promise<void>;
}

/**
 * Idempotency keys per tenant. `withKeys` holds a transaction-scoped advisory
 * lock per key while the caller publishes, so two concurrent requests with the
 * same key cannot both publish: the second waits, then finds the first's record.
 * If the process dies after publishing but before the commit, no record remains
 * and a retry publishes again under the same idempotency key, which the projector
 * de-duplicates on (tenant, idempotency key).
 */
export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async withKeys<T>(tenant: string, keys: readonly string[], work: (scope: IdempotencyScope) => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    return this.dataSource.transaction(async (manager: EntityManager) => {
      if (sorted.length > 0) {
        await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1 || chr(31) || k, 0)) FROM unnest($2::text[]) AS k', [tenant, sorted]);
      }
      const rows: { key: string; request_hash: string; response: unknown }[] =
        sorted.length === 0
          ? []
          : await manager.query('SELECT key, request_hash, response FROM idempotency_records WHERE tenant = $1 AND key = ANY($2::text[])', [tenant, sorted]);
      const existing = new Map(rows.map((r) => [r.key, { key: r.key, requestHash: r.request_hash, response: r.response }]));
      return work({
        existing,
        save: async (records) => {
          if (records.length === 0) return;
          await manager.query(
            `INSERT INTO idempotency_records (tenant, key, request_hash, response)
             SELECT $1, r.key, r.request_hash, r.response FROM jsonb_to_recordset($2::jsonb) AS r(key text, request_hash text, response jsonb)`,
            [tenant, JSON.stringify(records.map((r) => ({ key: r.key, request_hash: r.requestHash, response: r.response })))],
          );
        },
      });
    });
  }

  /** Forgets records older than the window; returns how many. */
  async purgeOlderThan(hours: number): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM idempotency_records WHERE created_at < now() - make_interval(hours => $1)`,
      [hours],
    );
    return result[1];
  }
}
