import type { DataSource } from 'typeorm';
import type { HindsightEvent } from '@hindsight/contracts';
import type { ChangeSet } from '@hindsight/projections';
import {
  lockOffsets,
  offsetIsBefore,
  partitionKeyOf,
  saveOffsets,
  storedOffsets,
  type ConsumedMessage,
  type PartitionOffset,
} from './consumer-offsets';
import { ErasureWriter, type OnKeysDestroyed } from './erasure-writer';
import {
  AlreadyIndexedError,
  ensureMonthlyPartitions,
  insertDeadLetters,
  insertEvents,
  type IndexWrite,
} from './event-log';
import { applyChangeSet } from './read-models';

export type { ConsumedMessage, PartitionOffset } from './consumer-offsets';

type EventMessage = Extract<ConsumedMessage, { event: unknown }>;
type DeadLetterMessage = Extract<ConsumedMessage, { deadLetter: unknown }>;

export interface BatchOutcome {
  /** Events written for the first time. */
  readonly applied: number;
  /** Events already in the store (a re-delivery or a re-published idempotency key). */
  readonly duplicates: number;
  /** Messages at offsets this group had already committed. */
  readonly skipped: number;
  readonly deadLetters: number;
}

export interface ProjectionStoreOptions {
  /**
   * The plan of the read-model rows of the batch's new events (`planProjection`
   * of @hindsight/projections): domain planning stays outside the store.
   */
  readonly plan: (events: readonly HindsightEvent[]) => ChangeSet;
  /**
   * Told, inside the batch's transaction and while their rows are held, which
   * subject keys an erasure destroyed: the live projector publishes their
   * destruction markers to the subject-keys topic before the batch commits.
   */
  readonly onKeysDestroyed?: OnKeysDestroyed;
}

/**
 * Writes a consumed batch — events, projections, dead letters and the consumer
 * offsets — in ONE transaction. This is the exactly-once boundary: after a crash
 * either all of a batch is in PostgreSQL with its offsets, or none of it is and
 * the projector re-reads it from the stored offsets. Each job has its own file:
 * consumer-offsets.ts, event-log.ts, read-models.ts, erasure-writer.ts.
 */
export class ProjectionStore {
  private readonly erasure: ErasureWriter;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: ProjectionStoreOptions,
  ) {
    this.erasure = new ErasureWriter(options.onKeysDestroyed);
  }

  storedOffsets(group: string): Promise<PartitionOffset[]> {
    return storedOffsets(this.dataSource, group);
  }

  async commitBatch(group: string, messages: readonly ConsumedMessage[]): Promise<BatchOutcome> {
    if (messages.length === 0) return { applied: 0, duplicates: 0, skipped: 0, deadLetters: 0 };
    // The months in one pass: a `flatMap` here made an array per message.
    const months = new Set<string>();
    for (const m of messages) if ('event' in m) months.add(m.event.recordedAt.slice(0, 7));
    await ensureMonthlyPartitions(this.dataSource, months);
    try {
      return await this.commitOnce(group, messages, 'copy');
    } catch (error) {
      // Rare (a re-published idempotency key, a replay's overlap with its seed): the whole batch once more, skipping what is indexed.
      if (!(error instanceof AlreadyIndexedError)) throw error;
      return this.commitOnce(group, messages, 'skip-indexed');
    }
  }

  private commitOnce(group: string, messages: readonly ConsumedMessage[], write: IndexWrite): Promise<BatchOutcome> {
    return this.dataSource.transaction(async (tx) => {
      const stored = await lockOffsets(tx, group, messages);
      // One pass, no copies: this runs over every consumed message.
      let fresh = 0;
      const events: EventMessage[] = [];
      const deadLetters: DeadLetterMessage[] = [];
      // A partition's stored offset is looked up where a run of its messages starts, and compared as text:
      // no key string and no BigInt per message.
      let runTopic: string | undefined;
      let runPartition = 0;
      let next: string | undefined;
      for (const m of messages) {
        if (m.topic !== runTopic || m.partition !== runPartition) {
          runTopic = m.topic;
          runPartition = m.partition;
          next = stored.get(partitionKeyOf(m.topic, m.partition))?.toString();
        }
        if (next !== undefined && offsetIsBefore(m.offset, next)) continue;
        fresh += 1;
        if ('event' in m) events.push(m);
        else deadLetters.push(m);
      }

      const newIds = await insertEvents(tx, events, write);
      // A producer retry can put one event twice into a batch and the index keeps the first: so the first copy
      // of each new id goes on, and the plan gets those that are not tombstones; one pass, no intermediate arrays.
      const newEvents: HindsightEvent[] = [];
      const planned: HindsightEvent[] = [];
      const seen = new Set<string>();
      for (const { event } of events) {
        if (!newIds.has(event.id) || seen.has(event.id)) continue;
        seen.add(event.id);
        newEvents.push(event);
        if ((event.data as { erased?: unknown }).erased !== true) planned.push(event);
      }
      await applyChangeSet(tx, this.options.plan(planned), this.erasure);
      await this.erasure.reapplyErasures(tx, newEvents);
      await insertDeadLetters(tx, group, deadLetters);
      await saveOffsets(tx, group, messages);
      return {
        applied: newEvents.length,
        duplicates: events.length - newEvents.length,
        skipped: messages.length - fresh,
        deadLetters: deadLetters.length,
      };
    });
  }
}
