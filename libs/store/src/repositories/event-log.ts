import type { DataSource, EntityManager } from 'typeorm';
import { withoutRedactedOriginals, type HindsightEvent } from '@hindsight/contracts';
import { clientOf, copyRowsOf } from '../copy/copy-rows';
import type { CopyValue } from '../copy/copy-text';
import type { ConsumedMessage } from './consumer-offsets';

type EventMessage = Extract<ConsumedMessage, { event: unknown }>;

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

const INDEX_COLUMNS = ['tenant', 'idempotency_key', 'id', 'recorded_at'] as const;

/**
 * How a batch's events go into `event_index`: by `COPY`, when none of them can
 * be there yet (about 10 µs less PostgreSQL work per event than `INSERT … ON
 * CONFLICT DO NOTHING RETURNING`, the benchmark's measure); or by that insert,
 * which skips the ones already indexed.
 */
export type IndexWrite = 'copy' | 'skip-indexed';

/**
 * The index already holds one of the events `insertEvents` copied (a re-published
 * idempotency key, a replay's overlap with its seed): the transaction is rolled
 * back and the batch applied again with `skip-indexed`.
 */
export class AlreadyIndexedError extends Error {
  constructor(readonly reason: string) {
    super(`event_index: ${reason}`);
    this.name = 'AlreadyIndexedError';
  }
}

/** Inserts into the index first: only ids it did not have go into `events` and the projections. */
export async function insertEvents(
  tx: EntityManager,
  events: readonly EventMessage[],
  write: IndexWrite,
): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const fresh = write === 'copy' ? await copyIndex(tx, events) : await insertIndexSkipping(tx, events);
  const copied = new Set<string>();
  const toCopy: EventMessage[] = [];
  for (const m of events) {
    // Only the first copy of an id the index took: a producer retry can put one event twice into a batch.
    if (!fresh.has(m.event.id) || copied.has(m.event.id)) continue;
    copied.add(m.event.id);
    toCopy.push(m);
  }
  // The index already dropped every duplicate, so COPY cannot meet a conflict here.
  await copyRowsOf(await clientOf(tx), 'events', EVENT_COLUMNS, toCopy, eventCopyRow);
  return fresh;
}

/**
 * The batch's events into the index by COPY, each id and each idempotency key
 * once (the first, as `ON CONFLICT DO NOTHING` keeps within one statement).
 * Throws `AlreadyIndexedError` when the index already holds one of them.
 */
async function copyIndex(tx: EntityManager, events: readonly EventMessage[]): Promise<Set<string>> {
  const ids = new Set<string>();
  // Idempotency keys by tenant: no tenant-and-key string per event.
  const keysOf = new Map<string, Set<string>>();
  const indexed: HindsightEvent[] = [];
  for (const { event } of events) {
    let keys = keysOf.get(event.tenant);
    if (keys === undefined) keysOf.set(event.tenant, (keys = new Set()));
    if (ids.has(event.id) || keys.has(event.idempotencyKey)) continue;
    ids.add(event.id);
    keys.add(event.idempotencyKey);
    indexed.push(event);
  }
  try {
    await copyRowsOf(await clientOf(tx), 'event_index', INDEX_COLUMNS, indexed, indexCopyRow);
  } catch (error) {
    // 23505 unique_violation: an id or an idempotency key the index already has.
    if ((error as { code?: unknown }).code === '23505') throw new AlreadyIndexedError((error as Error).message);
    throw error;
  }
  return ids;
}

/** One `event_index` row, in INDEX_COLUMNS' order, into `row`. */
function indexCopyRow(event: HindsightEvent, row: CopyValue[]): CopyValue[] {
  row[0] = event.tenant;
  row[1] = event.idempotencyKey;
  row[2] = event.id;
  row[3] = event.recordedAt;
  return row;
}

async function insertIndexSkipping(tx: EntityManager, events: readonly EventMessage[]): Promise<Set<string>> {
  const index: { tenant: string; idempotency_key: string; id: string; recorded_at: string }[] = new Array(
    events.length,
  );
  for (let i = 0; i < events.length; i++) {
    const { event } = events[i];
    index[i] = {
      tenant: event.tenant,
      idempotency_key: event.idempotencyKey,
      id: event.id,
      recorded_at: event.recordedAt,
    };
  }
  const indexed: { id: string }[] = await tx.query(
    `INSERT INTO event_index (tenant, idempotency_key, id, recorded_at)
     SELECT r.tenant, r.idempotency_key, r.id, r.recorded_at
     FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, idempotency_key text, id uuid, recorded_at timestamptz)
     ON CONFLICT DO NOTHING RETURNING id`,
    [JSON.stringify(index)],
  );
  return new Set(indexed.map((r) => r.id));
}

/**
 * One `events` row, in EVENT_COLUMNS' order, made straight from the event: no intermediate row object; into
 * `row` when given (the COPY writer reuses one array for a chunk's rows).
 */
export function eventCopyRow(
  { topic, partition, offset, event, payload }: EventMessage,
  row: CopyValue[] = [],
): CopyValue[] {
  row[0] = event.id;
  row[1] = event.tenant;
  row[2] = event.type;
  row[3] = event.version;
  row[4] = event.subject.kind;
  row[5] = event.subject.id;
  row[6] = event.occurredAt;
  row[7] = event.recordedAt;
  row[8] = event.idempotencyKey;
  row[9] = event.source;
  row[10] = topic;
  row[11] = partition;
  row[12] = offset;
  // The original text a redaction replaced stays inside the sealed Kafka message only (a consumer hands
  // over the message's text only for an event that holds none).
  row[13] = payload ?? withoutRedactedOriginals(event);
  // A tombstone copied from another store (a replay seeded from history) keeps its erased flag.
  row[14] = (event.data as { erased?: unknown }).erased === true;
  return row;
}

/**
 * Monthly partitions are created as months arrive. Checked on every batch
 * rather than cached: a replay's switch swaps the events table under a live
 * projector, and the new table must get its months too. Created outside the
 * batch's transaction: CREATE … PARTITION OF locks the parent table, and a
 * batch that held an advisory lock while waiting for it would deadlock with a
 * concurrent batch (another partition) that already wrote to the parent.
 * `months` are `YYYY-MM`, each once (the batch's `recordedAt.slice(0, 7)`).
 */
export async function ensureMonthlyPartitions(db: DataSource, months: Iterable<string>): Promise<void> {
  for (const month of months) {
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
