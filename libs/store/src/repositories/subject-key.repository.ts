import type { DataSource, EntityManager } from 'typeorm';

export interface SubjectRef {
  readonly tenant: string;
  readonly kind: 'rater' | 'interaction';
  readonly id: string;
}

export const subjectRefKey = (r: SubjectRef) => `${r.tenant}\u0000${r.kind}\u0000${r.id}`;

/** A subject's key as stored: wrapped under `kekId`, or destroyed by an erasure. */
export type StoredSubjectKey =
  | {
      readonly ref: SubjectRef;
      readonly destroyed: false;
      readonly kekId: string;
      readonly wrapped: Buffer;
      readonly wrappedAt: string;
      readonly onLog: boolean;
    }
  | { readonly ref: SubjectRef; readonly destroyed: true };

/** What the subject-keys topic says of one subject (the shape `applyLogRecords` takes). */
export type KeyLogEntry =
  | { readonly ref: SubjectRef; readonly kekId: string; readonly wrapped: Buffer; readonly wrappedAt: string }
  | { readonly ref: SubjectRef; readonly destroyedAt: string };

/** Where a reader of the subject-keys topic continues, stored with the keys it applied. */
export interface KeyLogPosition {
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: string;
}

interface Row {
  tenant: string;
  subject_kind: SubjectRef['kind'];
  subject_id: string;
  wrapped_key: Buffer | null;
  kek_id: string | null;
  wrapped_at: Date | null;
  on_log: boolean;
  destroyed_at: Date | null;
}

const toStored = (r: Row): StoredSubjectKey => {
  const ref = { tenant: r.tenant, kind: r.subject_kind, id: r.subject_id };
  if (r.destroyed_at !== null || r.wrapped_key === null) return { ref, destroyed: true };
  return {
    ref,
    destroyed: false,
    kekId: r.kek_id as string,
    wrapped: r.wrapped_key,
    wrappedAt: (r.wrapped_at as Date).toISOString(),
    onLog: r.on_log,
  };
};

const COLUMNS =
  'k.tenant, k.subject_kind, k.subject_id, k.wrapped_key, k.kek_id, k.wrapped_at, k.on_log, k.destroyed_at';
const refsJson = (refs: readonly SubjectRef[]) =>
  JSON.stringify(refs.map((r) => ({ tenant: r.tenant, kind: r.kind, id: r.id })));

/**
 * Subject keys, wrapped: a projection of the subject-keys topic that the api also
 * writes first-hand when it creates a key. Never holds a key in the clear.
 */
export class SubjectKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(refs: readonly SubjectRef[]): Promise<Map<string, StoredSubjectKey>> {
    if (refs.length === 0) return new Map();
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM subject_keys k
       JOIN jsonb_to_recordset($1::jsonb) AS r(tenant text, kind text, id text) ON k.tenant = r.tenant AND k.subject_kind = r.kind AND k.subject_id = r.id`,
      [refsJson(refs)],
    );
    return new Map(
      rows.map((r) => [subjectRefKey({ tenant: r.tenant, kind: r.subject_kind, id: r.subject_id }), toStored(r)]),
    );
  }

  /**
   * Stores new wrapped keys where the subject has none (a destroyed key is never re-created; a concurrent creator
   * wins). Rows go in in key order, as in every statement that writes these rows: two requests inserting the same
   * new subjects in other orders would each wait for a row the other holds (a deadlock).
   */
  async insertIfAbsent(
    keys: readonly { ref: SubjectRef; kekId: string; wrapped: Buffer; wrappedAt: string }[],
  ): Promise<void> {
    if (keys.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO subject_keys (tenant, subject_kind, subject_id, wrapped_key, kek_id, wrapped_at, on_log)
       SELECT r.tenant, r.kind, r.id, decode(r.wrapped, 'base64'), r."kekId", r."wrappedAt", false
       FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, kind text, id text, wrapped text, "kekId" text, "wrappedAt" timestamptz)
       ORDER BY r.tenant, r.kind, r.id
       ON CONFLICT DO NOTHING`,
      [
        JSON.stringify(
          keys.map((k) => ({
            ...k.ref,
            wrapped: k.wrapped.toString('base64'),
            kekId: k.kekId,
            wrappedAt: k.wrappedAt,
          })),
        ),
      ],
    );
  }

  /**
   * Stores keys the api created and published while the database was down (on
   * the log already) where the subject has no row yet, or only a key that never
   * reached the log (made just before the database went away: nothing was sealed
   * with it). A row on the log (the projector's catch-up wrote it from the same
   * record) or destroyed wins.
   */
  async insertPublished(
    keys: readonly { ref: SubjectRef; kekId: string; wrapped: Buffer; wrappedAt: string }[],
  ): Promise<void> {
    if (keys.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO subject_keys (tenant, subject_kind, subject_id, wrapped_key, kek_id, wrapped_at, on_log)
       SELECT r.tenant, r.kind, r.id, decode(r.wrapped, 'base64'), r."kekId", r."wrappedAt", true
       FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, kind text, id text, wrapped text, "kekId" text, "wrappedAt" timestamptz)
       ORDER BY r.tenant, r.kind, r.id
       ON CONFLICT (tenant, subject_kind, subject_id) DO UPDATE SET wrapped_key = EXCLUDED.wrapped_key, kek_id = EXCLUDED.kek_id, wrapped_at = EXCLUDED.wrapped_at, on_log = true
       WHERE NOT subject_keys.on_log AND subject_keys.destroyed_at IS NULL`,
      [
        JSON.stringify(
          keys.map((k) => ({
            ...k.ref,
            wrapped: k.wrapped.toString('base64'),
            kekId: k.kekId,
            wrappedAt: k.wrappedAt,
          })),
        ),
      ],
    );
  }

  /**
   * Hands the keys among `refs` that are not yet on Kafka to `publish` while
   * holding their rows, then marks them on the log. Holding the rows keeps an
   * erasure (which takes the same rows) from publishing its destruction marker
   * before the key it destroys: on the compacted topic the last record wins.
   */
  async publishUnpublished(
    refs: readonly SubjectRef[],
    publish: (keys: readonly Extract<StoredSubjectKey, { destroyed: false }>[]) => Promise<void>,
  ): Promise<void> {
    if (refs.length === 0) return;
    await this.dataSource.transaction(async (tx) => {
      const rows: Row[] = await tx.query(
        `SELECT ${COLUMNS} FROM subject_keys k
         JOIN jsonb_to_recordset($1::jsonb) AS r(tenant text, kind text, id text) ON k.tenant = r.tenant AND k.subject_kind = r.kind AND k.subject_id = r.id
         WHERE NOT k.on_log AND k.destroyed_at IS NULL
         ORDER BY k.tenant, k.subject_kind, k.subject_id
         FOR UPDATE OF k`,
        [refsJson(refs)],
      );
      if (rows.length === 0) return;
      await publish(rows.map(toStored) as Extract<StoredSubjectKey, { destroyed: false }>[]);
      await tx.query(
        `UPDATE subject_keys k SET on_log = true FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, kind text, id text)
         WHERE k.tenant = r.tenant AND k.subject_kind = r.kind AND k.subject_id = r.id`,
        [refsJson(rows.map((r) => ({ tenant: r.tenant, kind: r.subject_kind, id: r.subject_id })))],
      );
    });
  }

  /**
   * Applies records of the subject-keys topic, with the reader's new position in
   * the same transaction. Idempotent and order-safe: a destruction is final, and
   * a wrapping replaces the stored one only when it is at least as new.
   */
  async applyLogRecords(entries: readonly KeyLogEntry[], group: string, position: KeyLogPosition): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const wrapped = entries.filter((e): e is Extract<KeyLogEntry, { kekId: string }> => 'kekId' in e);
      const destroyed = entries.filter((e): e is Extract<KeyLogEntry, { destroyedAt: string }> => 'destroyedAt' in e);
      if (wrapped.length > 0) {
        await tx.query(
          `INSERT INTO subject_keys AS k (tenant, subject_kind, subject_id, wrapped_key, kek_id, wrapped_at, on_log)
           SELECT DISTINCT ON (r.tenant, r.kind, r.id) r.tenant, r.kind, r.id, decode(r.wrapped, 'base64'), r."kekId", r."wrappedAt", true
           FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (tenant text, kind text, id text, wrapped text, "kekId" text, "wrappedAt" timestamptz))
             WITH ORDINALITY AS r(tenant, kind, id, wrapped, "kekId", "wrappedAt", n)
           ORDER BY r.tenant, r.kind, r.id, r."wrappedAt" DESC, n DESC
           ON CONFLICT (tenant, subject_kind, subject_id) DO UPDATE SET wrapped_key = EXCLUDED.wrapped_key, kek_id = EXCLUDED.kek_id, wrapped_at = EXCLUDED.wrapped_at, on_log = true
           WHERE k.destroyed_at IS NULL AND k.wrapped_at <= EXCLUDED.wrapped_at`,
          [
            JSON.stringify(
              wrapped.map((e) => ({
                ...e.ref,
                wrapped: e.wrapped.toString('base64'),
                kekId: e.kekId,
                wrappedAt: e.wrappedAt,
              })),
            ),
          ],
        );
      }
      if (destroyed.length > 0)
        await this.markDestroyed(
          tx,
          destroyed.map((d) => ({ ref: d.ref, destroyedAt: d.destroyedAt })),
        );
      await tx.query(
        `INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset) VALUES ($1, $2, $3, $4)
         ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = GREATEST(consumer_offsets.next_offset, EXCLUDED.next_offset)`,
        [group, position.topic, position.partition, position.nextOffset],
      );
    });
  }

  /** Records destructions (also of subjects never seen with a key): nothing of the key is kept. */
  private async markDestroyed(
    tx: EntityManager,
    entries: readonly { ref: SubjectRef; destroyedAt: string }[],
  ): Promise<void> {
    await tx.query(
      `INSERT INTO subject_keys AS k (tenant, subject_kind, subject_id, destroyed_at, on_log)
       SELECT DISTINCT ON (r.tenant, r.kind, r.id) r.tenant, r.kind, r.id, r."destroyedAt", true
       FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, kind text, id text, "destroyedAt" timestamptz)
       ON CONFLICT (tenant, subject_kind, subject_id) DO UPDATE SET wrapped_key = NULL, kek_id = NULL, wrapped_at = NULL, on_log = true,
         destroyed_at = COALESCE(k.destroyed_at, EXCLUDED.destroyed_at)`,
      [JSON.stringify(entries.map((e) => ({ ...e.ref, destroyedAt: e.destroyedAt })))],
    );
  }

  async keyLogPositions(group: string): Promise<KeyLogPosition[]> {
    const rows: { topic: string; partition: number; next_offset: string }[] = await this.dataSource.query(
      'SELECT topic, partition, next_offset FROM consumer_offsets WHERE consumer_group = $1',
      [group],
    );
    return rows.map((r) => ({ topic: r.topic, partition: r.partition, nextOffset: String(r.next_offset) }));
  }

  /** Each key-encryption key in use with the number of keys it wraps and one of them, to check a ring against. */
  async keyEncryptionKeysInUse(): Promise<
    { kekId: string; keys: number; sample: Extract<StoredSubjectKey, { destroyed: false }> }[]
  > {
    const rows: (Row & { n: number })[] = await this.dataSource.query(
      `SELECT DISTINCT ON (k.kek_id) ${COLUMNS}, count(*) OVER (PARTITION BY k.kek_id)::int AS n
       FROM subject_keys k WHERE k.kek_id IS NOT NULL ORDER BY k.kek_id, k.tenant, k.subject_kind, k.subject_id`,
    );
    return rows.map((r) => ({
      kekId: r.kek_id as string,
      keys: r.n,
      sample: toStored(r) as Extract<StoredSubjectKey, { destroyed: false }>,
    }));
  }

  /**
   * Re-wraps up to `limit` keys not wrapped under `kekId`: `rewrap` gets them while
   * their rows are held (publishing the new wrappings to Kafka) and returns the
   * new wrappings, stored in the same transaction. Returns how many it did.
   */
  async rewrapBatch(
    kekId: string,
    limit: number,
    rewrap: (
      keys: readonly Extract<StoredSubjectKey, { destroyed: false }>[],
    ) => Promise<readonly { ref: SubjectRef; wrapped: Buffer; wrappedAt: string }[]>,
  ): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const rows: Row[] = await tx.query(
        `SELECT ${COLUMNS} FROM subject_keys k WHERE k.kek_id IS NOT NULL AND k.kek_id <> $1 AND k.destroyed_at IS NULL
         ORDER BY k.tenant, k.subject_kind, k.subject_id LIMIT $2 FOR UPDATE OF k SKIP LOCKED`,
        [kekId, limit],
      );
      if (rows.length === 0) return 0;
      const rewrapped = await rewrap(rows.map(toStored) as Extract<StoredSubjectKey, { destroyed: false }>[]);
      await tx.query(
        `UPDATE subject_keys k SET wrapped_key = decode(r.wrapped, 'base64'), kek_id = $2, wrapped_at = r."wrappedAt", on_log = true
         FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, kind text, id text, wrapped text, "wrappedAt" timestamptz)
         WHERE k.tenant = r.tenant AND k.subject_kind = r.kind AND k.subject_id = r.id`,
        [
          JSON.stringify(
            rewrapped.map((w) => ({ ...w.ref, wrapped: w.wrapped.toString('base64'), wrappedAt: w.wrappedAt })),
          ),
          kekId,
        ],
      );
      return rows.length;
    });
  }

  /** Whether the table still has the plaintext column of before key wrapping (an existing deployment not migrated yet). */
  async hasPlaintextColumn(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'subject_keys' AND column_name = 'key'`,
    );
    return rows.length > 0;
  }

  /**
   * Wraps up to `limit` plaintext keys of before key wrapping: `wrap` gets them
   * (publishing the wrappings to Kafka) while their rows are held; the plaintext
   * is cleared in the same transaction. Returns how many it did.
   */
  async wrapPlaintextBatch(
    limit: number,
    wrap: (
      keys: readonly { ref: SubjectRef; key: Buffer }[],
    ) => Promise<readonly { ref: SubjectRef; kekId: string; wrapped: Buffer; wrappedAt: string }[]>,
  ): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const rows: { tenant: string; subject_kind: SubjectRef['kind']; subject_id: string; key: Buffer }[] =
        await tx.query(
          `SELECT tenant, subject_kind, subject_id, key FROM subject_keys WHERE key IS NOT NULL ORDER BY tenant, subject_kind, subject_id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [limit],
        );
      if (rows.length === 0) return 0;
      const wrapped = await wrap(
        rows.map((r) => ({ ref: { tenant: r.tenant, kind: r.subject_kind, id: r.subject_id }, key: r.key })),
      );
      await tx.query(
        `UPDATE subject_keys k SET key = NULL, wrapped_key = decode(r.wrapped, 'base64'), kek_id = r."kekId", wrapped_at = r."wrappedAt", on_log = true
         FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, kind text, id text, wrapped text, "kekId" text, "wrappedAt" timestamptz)
         WHERE k.tenant = r.tenant AND k.subject_kind = r.kind AND k.subject_id = r.id`,
        [
          JSON.stringify(
            wrapped.map((w) => ({
              ...w.ref,
              wrapped: w.wrapped.toString('base64'),
              kekId: w.kekId,
              wrappedAt: w.wrappedAt,
            })),
          ),
        ],
      );
      return rows.length;
    });
  }

  /** Destroyed keys of before key wrapping still marked in the old way, and every destruction not yet on Kafka. */
  async unpublishedDestructions(limit: number): Promise<{ ref: SubjectRef; destroyedAt: string }[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM subject_keys k WHERE k.destroyed_at IS NOT NULL AND NOT k.on_log ORDER BY k.tenant, k.subject_kind, k.subject_id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      ref: { tenant: r.tenant, kind: r.subject_kind, id: r.subject_id },
      destroyedAt: (r.destroyed_at as Date).toISOString(),
    }));
  }

  async markDestructionsOnLog(refs: readonly SubjectRef[]): Promise<void> {
    if (refs.length === 0) return;
    await this.dataSource.query(
      `UPDATE subject_keys k SET on_log = true FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, kind text, id text)
       WHERE k.tenant = r.tenant AND k.subject_kind = r.kind AND k.subject_id = r.id`,
      [refsJson(refs)],
    );
  }

  /** Drops the plaintext column once nothing is left in it. */
  async dropPlaintextColumn(): Promise<void> {
    await this.dataSource.query('ALTER TABLE subject_keys DROP COLUMN IF EXISTS key');
  }
}
