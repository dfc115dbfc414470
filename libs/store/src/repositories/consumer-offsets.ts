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
  return new Map(rows.map((r) => [partitionKeyOf(r.topic, r.partition), BigInt(r.next_offset)]));
}

/** Moves each partition's next offset past the batch (never backwards). */
export async function saveOffsets(
  tx: EntityManager,
  group: string,
  messages: readonly ConsumedMessage[],
): Promise<void> {
  // Each partition's highest offset, compared as text (a BigInt and a key string per message were most of
  // this function's garbage); a partition's key is made only where a run of its messages starts.
  const highest = new Map<string, { topic: string; partition: number; offset: string }>();
  let run: { topic: string; partition: number; offset: string } | undefined;
  for (const m of messages) {
    if (run === undefined || m.partition !== run.partition || m.topic !== run.topic) {
      const k = partitionKeyOf(m.topic, m.partition);
      run = highest.get(k);
      if (run === undefined) {
        run = { topic: m.topic, partition: m.partition, offset: m.offset };
        highest.set(k, run);
        continue;
      }
    }
    if (offsetIsBefore(run.offset, m.offset)) run.offset = m.offset;
  }
  await tx.query(
    `INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset, updated_at)
     SELECT $1, r.topic, r.partition, r.next_offset, now() FROM jsonb_to_recordset($2::jsonb) AS r(topic text, partition int, next_offset bigint)
     ON CONFLICT (consumer_group, topic, partition)
     DO UPDATE SET next_offset = GREATEST(consumer_offsets.next_offset, EXCLUDED.next_offset), updated_at = now()`,
    [
      group,
      JSON.stringify(
        [...highest.values()].map((v) => ({
          topic: v.topic,
          partition: v.partition,
          next_offset: (BigInt(v.offset) + 1n).toString(),
        })),
      ),
    ],
  );
}

/** The key of a partition in the maps of this file and of `lockOffsets`' result. */
export function partitionKeyOf(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

/**
 * Whether offset `a` comes before `b`, as `BigInt(a) < BigInt(b)`: two decimal integers as Kafka spells
 * them (no sign, no leading zero) by their lengths, then their digits, with no BigInt made; others by BigInt.
 */
export function offsetIsBefore(a: string, b: string): boolean {
  if (PLAIN_OFFSET.test(a) && PLAIN_OFFSET.test(b)) return a.length !== b.length ? a.length < b.length : a < b;
  return BigInt(a) < BigInt(b);
}

const PLAIN_OFFSET = /^(?:0|[1-9][0-9]*)$/;

/** The batch's partitions, each once, in the order first met; a key is made only where a run of one partition starts. */
function uniquePartitions(messages: readonly ConsumedMessage[]): { topic: string; partition: number }[] {
  const seen = new Map<string, { topic: string; partition: number }>();
  let last: ConsumedMessage | undefined;
  for (const m of messages) {
    if (last !== undefined && m.partition === last.partition && m.topic === last.topic) continue;
    last = m;
    const k = partitionKeyOf(m.topic, m.partition);
    if (!seen.has(k)) seen.set(k, { topic: m.topic, partition: m.partition });
  }
  return [...seen.values()];
}
