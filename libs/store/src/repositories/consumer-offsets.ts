import type { DataSource, EntityManager } from 'typeorm';
import type { HindsightEvent } from '@hindsight/contracts';
import type { JsonText } from '../copy/copy-text';

/*
 * The projector's consumer offsets, kept in PostgreSQL so they commit in the same
 * transaction as the rows they cover (exactly once into the store).
 */

/** One consumed message: a parsed event, or a dead letter with the reason it could not be applied. */
export type ConsumedMessage =
  | {
      readonly topic: string;
      readonly partition: number;
      readonly offset: string;
      readonly event: HindsightEvent;
      /**
       * The event's own JSON text, when it stores as the same jsonb as `withoutRedactedOriginals(event)`
       * (the consumer proved it: see libs/projector's decode-message): the `events` row's payload, written
       * as it is instead of serialising the event again. Absent: the event is serialised.
       */
      readonly payload?: JsonText;
    }
  | {
      readonly topic: string;
      readonly partition: number;
      readonly offset: string;
      readonly deadLetter: {
        readonly reason: string;
        readonly key: Buffer | null;
        readonly value: Buffer | null;
        readonly headers: Readonly<Record<string, string>>;
      };
    };

export interface BatchOutcome {
  /** Events written for the first time. */
  readonly applied: number;
  /** Events already in the store (a re-delivery or a re-published idempotency key). */
  readonly duplicates: number;
  /** Messages at offsets this group had already committed. */
  readonly skipped: number;
  readonly deadLetters: number;
}

export interface PartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: string;
}

/** The next offset of each partition the group has committed. */
export async function storedOffsets(db: DataSource, group: string): Promise<PartitionOffset[]> {
  const rows: { topic: string; partition: number; next_offset: string }[] = await db.query(
    'SELECT topic, partition, next_offset FROM consumer_offsets WHERE consumer_group = $1',
    [group],
  );
  return rows.map((r) => ({ topic: r.topic, partition: r.partition, nextOffset: String(r.next_offset) }));
}

/** Locks the batch's partitions' offset rows (FOR UPDATE) and returns their next offsets: a concurrent batch of the same partition waits. */
export async function lockOffsets(
  tx: EntityManager,
  group: string,
  messages: readonly ConsumedMessage[],
): Promise<Map<string, bigint>> {
  const partitions = uniquePartitions(messages);
  const rows: { topic: string; partition: number; next_offset: string }[] = await tx.query(
    `SELECT o.topic, o.partition, o.next_offset FROM consumer_offsets o
     JOIN jsonb_to_recordset($2::jsonb) AS p(topic text, partition int) ON p.topic = o.topic AND p.partition = o.partition
     WHERE o.consumer_group = $1 ORDER BY o.topic, o.partition FOR UPDATE OF o`,
    [group, JSON.stringify(partitions)],
  );
  return new Map(rows.map((r) => [`${r.topic}\u0000${r.partition}`, BigInt(r.next_offset)]));
}

/** Moves each partition's next offset past the batch (never backwards). */
export async function saveOffsets(
  tx: EntityManager,
  group: string,
  messages: readonly ConsumedMessage[],
): Promise<void> {
  const next = new Map<string, { topic: string; partition: number; next: bigint }>();
  for (const m of messages) {
    const k = `${m.topic}\u0000${m.partition}`;
    const candidate = BigInt(m.offset) + 1n;
    const current = next.get(k);
    if (!current || candidate > current.next) next.set(k, { topic: m.topic, partition: m.partition, next: candidate });
  }
  await tx.query(
    `INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset, updated_at)
     SELECT $1, r.topic, r.partition, r.next_offset, now() FROM jsonb_to_recordset($2::jsonb) AS r(topic text, partition int, next_offset bigint)
     ON CONFLICT (consumer_group, topic, partition)
     DO UPDATE SET next_offset = GREATEST(consumer_offsets.next_offset, EXCLUDED.next_offset), updated_at = now()`,
    [
      group,
      JSON.stringify(
        [...next.values()].map((v) => ({ topic: v.topic, partition: v.partition, next_offset: v.next.toString() })),
      ),
    ],
  );
}

function uniquePartitions(messages: readonly ConsumedMessage[]): { topic: string; partition: number }[] {
  const seen = new Map<string, { topic: string; partition: number }>();
  for (const m of messages) seen.set(`${m.topic}\u0000${m.partition}`, { topic: m.topic, partition: m.partition });
  return [...seen.values()];
}
