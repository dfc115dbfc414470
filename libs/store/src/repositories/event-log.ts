import type { DataSource, EntityManager } from 'typeorm';
import { withoutRedactedOriginals, type HindsightEvent } from '@hindsight/contracts';
import { clientOf, copyRows } from '../copy/copy-rows';
import type { ConsumedMessage } from './consumer-offsets';

/*
 * The event log in PostgreSQL: events (by month partition, deduplicated through
 * event_index) and the dead letters of messages that could not be applied.
 */

const EVENT_COLUMNS = [
  'id',
  'tenant',
  'type',
  'version',
  'subject_kind',
  'subject_id',
  'occurred_at',
  'recorded_at',
  'idempotency_key',
  'source',
  'kafka_topic',
  'kafka_partition',
  'kafka_offset',
  'payload',
  'erased',
] as const;

/** Inserts into the index first: only ids it did not have go into `events` and the projections. */
export async function insertEvents(
  tx: EntityManager,
  events: readonly { topic: string; partition: number; offset: string; event: HindsightEvent }[],
): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const rows = events.map(({ topic, partition, offset, event }) => ({
    id: event.id,
    tenant: event.tenant,
    type: event.type,
    version: event.version,
    subject_kind: event.subject.kind,
    subject_id: event.subject.id,
    occurred_at: event.occurredAt,
    recorded_at: event.recordedAt,
    idempotency_key: event.idempotencyKey,
    source: event.source,
    kafka_topic: topic,
    kafka_partition: partition,
    kafka_offset: offset,
    // The original text a redaction replaced stays inside the sealed Kafka message only.
    payload: withoutRedactedOriginals(event),
    // A tombstone copied from another store (a replay seeded from history) keeps its erased flag.
    erased: (event.data as { erased?: unknown }).erased === true,
  }));
  const indexed: { id: string }[] = await tx.query(
    `INSERT INTO event_index (tenant, idempotency_key, id, recorded_at)
     SELECT r.tenant, r.idempotency_key, r.id, r.recorded_at
     FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, idempotency_key text, id uuid, recorded_at timestamptz)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      JSON.stringify(
        rows.map(({ tenant, idempotency_key, id, recorded_at }) => ({ tenant, idempotency_key, id, recorded_at })),
      ),
    ],
  );
  const fresh = new Set(indexed.map((r) => r.id));
  const toInsert = firstOfEachId(rows).filter((r) => fresh.has(r.id));
  // The index already dropped every duplicate, so COPY cannot meet a conflict here.
  await copyRows(
    await clientOf(tx),
    'events',
    EVENT_COLUMNS,
    toInsert.map((r) => EVENT_COLUMNS.map((c) => r[c])),
  );
  return fresh;
}

/**
 * Monthly partitions are created as months arrive. Checked on every batch
 * rather than cached: a replay's switch swaps the events table under a live
 * projector, and the new table must get its months too. Created outside the
 * batch's transaction: CREATE … PARTITION OF locks the parent table, and a
 * batch that held an advisory lock while waiting for it would deadlock with a
 * concurrent batch (another partition) that already wrote to the parent.
 */
export async function ensureMonthlyPartitions(db: DataSource, recordedAts: readonly string[]): Promise<void> {
  for (const month of new Set(recordedAts.map((t) => t.slice(0, 7)))) {
    const [year, mon] = month.split('-').map(Number);
    const name = `events_${year}_${String(mon).padStart(2, '0')}`;
    const [{ present }] = await db.query('SELECT to_regclass($1) IS NOT NULL AS present', [name]);
    if (present) continue;
    const from = `${month}-01T00:00:00Z`;
    const to = new Date(Date.UTC(year, mon, 1)).toISOString();
    // Several projectors (or a replay) may meet a new month at once; the lock makes creation one at a time.
    await db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('hindsight-events-partition'))");
      await tx.query(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF events FOR VALUES FROM ('${from}') TO ('${to}')`);
    });
  }
}

/** Stores the dead letters of a batch, once each (by topic, partition, offset). */
export async function insertDeadLetters(
  tx: EntityManager,
  group: string,
  deadLetters: readonly Extract<ConsumedMessage, { deadLetter: unknown }>[],
): Promise<void> {
  if (deadLetters.length === 0) return;
  await tx.query(
    `INSERT INTO dead_letters (consumer_group, kafka_topic, kafka_partition, kafka_offset, reason, key, value, headers)
     SELECT $1, r.topic, r.partition, r.offset, r.reason, decode(r.key, 'base64'), decode(r.value, 'base64'), r.headers
     FROM jsonb_to_recordset($2::jsonb) AS r(topic text, partition int, "offset" bigint, reason text, key text, value text, headers jsonb)
     ON CONFLICT DO NOTHING`,
    [
      group,
      JSON.stringify(
        deadLetters.map((d) => ({
          topic: d.topic,
          partition: d.partition,
          offset: d.offset,
          reason: d.deadLetter.reason,
          key: d.deadLetter.key?.toString('base64') ?? null,
          value: d.deadLetter.value?.toString('base64') ?? null,
          headers: d.deadLetter.headers,
        })),
      ),
    ],
  );
}

/**
 * A producer retry can put the same event twice into one batch; the index
 * keeps the first, so only the first copy may reach `events` and the projections.
 */
export function firstOfEachId<T extends { readonly id: string } | { readonly event: { readonly id: string } }>(
  items: readonly T[],
): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const id = 'event' in item ? item.event.id : item.id;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
