import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface SubjectRef {
  readonly tenant: string;
  readonly kind: 'rater' | 'interaction';
  readonly id: string;
}

export const subjectRefKey = (r: SubjectRef) => `${r.tenant}\u0000${r.kind}\u0000${r.id}`;

/** Subject keys: `null` means destroyed by an erasure; absent means the subject never had one. */
export class SubjectKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates keys for subjects that have none (a destroyed key is never re-created) and returns them all. */
  async getOrCreate(refs: readonly SubjectRef[]): Promise<Map<string, Buffer | null>> {
    const unique = [...new Map(refs.map((r) => [subjectRefKey(r), r])).values()];
    if (unique.length === 0) return new Map();
    await this.dataSource.query(
      `INSERT INTO subject_keys (tenant, subject_kind, subject_id, key)
       SELECT r.tenant, r.kind, r.id, decode(r.key, 'base64') FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, kind text, id text, key text)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(unique.map((r) => ({ ...r, key: randomBytes(32).toString('base64') })))],
    );
    return this.get(unique);
  }

  async get(refs: readonly SubjectRef[]): Promise<Map<string, Buffer | null>> {
    if (refs.length === 0) return new Map();
    const rows: { tenant: string; subject_kind: SubjectRef['kind']; subject_id: string; key: Buffer | null }[] = await this.dataSource.query(
      `SELECT k.tenant, k.subject_kind, k.subject_id, k.key FROM subject_keys k
       JOIN jsonb_to_recordset($1::jsonb) AS r(tenant text, kind text, id text) ON k.tenant = r.tenant AND k.subject_kind = r.kind AND k.subject_id = r.id`,
      [JSON.stringify(refs)],
    );
    return new Map(rows.map((r) => [subjectRefKey({ tenant: r.tenant, kind: r.subject_kind, id: r.subject_id }), r.key]));
  }
}
