import type { DataSource } from 'typeorm';
import type { ApiKeyEvent } from '@hindsight/contracts';
import { projectRecordEvents } from './record-projection';

export interface ApiKeyRow {
  readonly id: string;
  readonly tenant: string;
  readonly name: string;
  readonly lookupId: string;
  readonly secretSha256: Buffer;
  readonly scopes: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly rateLimitPerMinute: number | null;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

/** An `api_keys` row as PostgreSQL returns it. */
export interface RawApiKeyRow {
  id: string;
  tenant: string;
  name: string;
  lookup_id: string;
  secret_sha256: Buffer;
  scopes: string[];
  allowed_origins: string[];
  rate_limit_per_minute: number | null;
  created_at: Date;
  revoked_at: Date | null;
}

const columns =
  'id, tenant, name, lookup_id, secret_sha256, scopes, allowed_origins, rate_limit_per_minute, created_at, revoked_at';

export function apiKeyRowOf(r: RawApiKeyRow): ApiKeyRow {
  return {
    id: r.id,
    tenant: r.tenant,
    name: r.name,
    lookupId: r.lookup_id,
    secretSha256: r.secret_sha256,
    scopes: r.scopes,
    allowedOrigins: r.allowed_origins,
    rateLimitPerMinute: r.rate_limit_per_minute,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  };
}

/**
 * API keys, stored as a lookup id plus the SHA-256 of the secret; the secret
 * itself is never stored. The projection of the `api-key.*` events
 * (record-projection.ts): the product writes through `apply` after publishing;
 * `insert` and `revoke` write rows without events and are for tests.
 */
export class ApiKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Applies a published key event, with the projector's code. */
  apply(event: ApiKeyEvent): Promise<void> {
    return projectRecordEvents(this.dataSource, [event]);
  }

  /** A key by its id or its lookup id. */
  async find(idOrLookupId: string): Promise<ApiKeyRow | undefined> {
    const rows: RawApiKeyRow[] = await this.dataSource.query(
      `SELECT ${columns} FROM api_keys WHERE lookup_id = $1 OR id::text = $1`,
      [idOrLookupId],
    );
    return rows[0] ? apiKeyRowOf(rows[0]) : undefined;
  }

  /** Test fixture (no event). */
  async insert(key: Omit<ApiKeyRow, 'createdAt' | 'revokedAt'>): Promise<ApiKeyRow> {
    const rows: RawApiKeyRow[] = await this.dataSource.query(
      `INSERT INTO api_keys (id, tenant, name, lookup_id, secret_sha256, scopes, allowed_origins, rate_limit_per_minute)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${columns}`,
      [
        key.id,
        key.tenant,
        key.name,
        key.lookupId,
        key.secretSha256,
        key.scopes,
        key.allowedOrigins,
        key.rateLimitPerMinute,
      ],
    );
    return apiKeyRowOf(rows[0]);
  }

  async findByLookupId(lookupId: string): Promise<ApiKeyRow | undefined> {
    const rows: RawApiKeyRow[] = await this.dataSource.query(`SELECT ${columns} FROM api_keys WHERE lookup_id = $1`, [
      lookupId,
    ]);
    return rows[0] ? apiKeyRowOf(rows[0]) : undefined;
  }

  async list(tenant?: string): Promise<ApiKeyRow[]> {
    const rows: RawApiKeyRow[] = tenant
      ? await this.dataSource.query(`SELECT ${columns} FROM api_keys WHERE tenant = $1 ORDER BY created_at, id`, [
          tenant,
        ])
      : await this.dataSource.query(`SELECT ${columns} FROM api_keys ORDER BY tenant, created_at, id`);
    return rows.map(apiKeyRowOf);
  }

  /** Test fixture (no event): marks the key revoked; returns it, or undefined when no such key exists. */
  async revoke(idOrLookupId: string): Promise<ApiKeyRow | undefined> {
    // UPDATE … RETURNING answers [rows, count] through TypeORM's postgres driver.
    const [rows]: [RawApiKeyRow[], number] = await this.dataSource.query(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now())
       WHERE lookup_id = $1 OR id::text = $1 RETURNING ${columns}`,
      [idOrLookupId],
    );
    return rows[0] ? apiKeyRowOf(rows[0]) : undefined;
  }

  /** Browser origins allowed for any live key of the tenant (CORS is configured per tenant). */
  async originsAllowed(origin: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM api_keys WHERE revoked_at IS NULL AND $1 = ANY(allowed_origins) LIMIT 1',
      [origin],
    );
    return rows.length > 0;
  }
}
