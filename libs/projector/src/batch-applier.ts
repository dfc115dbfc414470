import type { Logger } from 'pino';
import { deadLetterHeaders } from '@hindsight/contracts';
import type { EventPublisher, PartitionBatch, RawMessage } from '@hindsight/kafka';
import type { BatchOutcome, ConsumedMessage, ProjectionStore } from '@hindsight/store';
import { IllegalStateError } from '@hindsight/contracts';
import type { EventOpener, OpenedValue } from '@hindsight/shredding';
import { decodeMessage, parseJsonValue } from './decode-message';

export interface BatchApplierOptions {
  /**
   * Reads the subject-keys topic into the database up to its end. Called when a
   * sealed event names a key the database does not have yet (a key created by
   * another api replica, a projector started on a restored database), before
   * the events are opened again.
   */
  readonly catchUpKeys?: () => Promise<number>;
  /**
   * What to do with an event whose key is still missing after catching up:
   * the live projector dead-letters it; a replay stops with an error naming the
   * missing key material instead of pouring the history into the dead-letter topic.
   */
  readonly missingKey?: 'dead-letter' | 'stop';
}

/** A sub-batch parsed, opened and decoded by `BatchApplier.prepare`, not yet written anywhere. */
export interface PreparedBatch {
  readonly batch: PartitionBatch;
  readonly consumed: readonly ConsumedMessage[];
}

export interface ProjectorStats {
  events: number;
  duplicates: number;
  deadLetters: number;
  batches: number;
  readonly lag: Map<string, number>;
  /** The partitions this instance owns since the last rebalance (`topic[partition]`); set by whoever runs the consumer. */
  assigned: readonly string[];
  readonly startedAt: number;
}

/**
 * Applies one consumed sub-batch: decode, send the undecodable ones to the
 * dead-letter topic with their reason, then write everything (events,
 * projections, dead-letter rows, offsets) in one PostgreSQL transaction.
 * The dead-letter topic is written first and may see a message twice after a
 * crash between the two (its headers name the source offset); PostgreSQL never does.
 */
export class BatchApplier {
  readonly stats: ProjectorStats = {
    events: 0,
    duplicates: 0,
    deadLetters: 0,
    batches: 0,
    lag: new Map(),
    assigned: [],
    startedAt: Date.now(),
  };

  constructor(
    private readonly store: ProjectionStore,
    /** Where undecodable messages are re-published; a replay passes none (the live projector already did). */
    private readonly deadLetters: EventPublisher | undefined,
    private readonly deadLetterTopic: string,
    private readonly group: string,
    private readonly logger: Logger,
    /** Opens events sealed with their subject's key (crypto-shredding). */
    private readonly opener: EventOpener,
    private readonly options: BatchApplierOptions = {},
  ) {}

  /** Decodes and commits one sub-batch: `commit` of what `prepare` makes, decoded without yielding in between. */
  async apply(batch: PartitionBatch): Promise<BatchOutcome> {
    return this.commit(await this.decode(batch, Infinity));
  }

  /**
   * Parses, opens (may catch up the subject keys) and decodes a sub-batch; writes nothing to the dead-letter
   * topic or the projection, so a prepared sub-batch that is never committed leaves no trace. It yields to the
   * event loop between chunks of messages, so the transaction of the sub-batch before it, in flight meanwhile,
   * gets its round trips answered.
   */
  prepare(batch: PartitionBatch): Promise<PreparedBatch> {
    return this.decode(batch, PREPARE_CHUNK);
  }

  private async decode(batch: PartitionBatch, chunk: number): Promise<PreparedBatch> {
    const parsed = await inChunks(batch.messages, chunk, parseJsonValue);
    const opened = await this.open(parsed.map((p) => (p.ok ? p.value : null)));
    const consumed = await inChunks(batch.messages, chunk, (m, i) => decodeMessage(m, parsed[i], opened[i]));
    return { batch, consumed };
  }

  /**
   * Publishes the prepared sub-batch's dead letters, then writes everything (events, projections, dead-letter
   * rows, offsets) in one PostgreSQL transaction. Sub-batches of one partition are committed in order.
   */
  async commit({ batch, consumed }: PreparedBatch): Promise<BatchOutcome> {
    // A loop, not a `flatMap`: that made an array per message.
    const dead: Extract<ConsumedMessage, { deadLetter: unknown }>[] = [];
    for (const m of consumed) if ('deadLetter' in m) dead.push(m);
    await this.publishDeadLetters(dead);
    const outcome = await this.commitIsolatingRefused(batch.messages, consumed);
    const last = batch.messages[batch.messages.length - 1];
    const lag = Math.max(0, Number(batch.highWatermark) - Number(last.offset) - 1);
    this.stats.events += outcome.applied;
    this.stats.duplicates += outcome.duplicates;
    this.stats.deadLetters += outcome.deadLetters;
    this.stats.batches += 1;
    this.stats.lag.set(`${batch.topic}[${batch.partition}]`, lag);
    this.logger.debug({ topic: batch.topic, partition: batch.partition, ...outcome, lag }, 'batch applied');
    return outcome;
  }

  private async open(values: readonly unknown[]): Promise<OpenedValue[]> {
    let opened = await this.opener.open(values);
    const missing = () =>
      opened.filter(
        (o): o is Extract<OpenedValue, { kind: 'unreadable' }> => o.kind === 'unreadable' && o.missingKey !== undefined,
      );
    if (missing().length > 0 && this.options.catchUpKeys) {
      await this.options.catchUpKeys();
      opened = await this.opener.open(values);
    }
    const still = missing();
    if (still.length > 0 && this.options.missingKey === 'stop') {
      const names = [...new Set(still.map((o) => `${o.missingKey?.tenant}/${o.missingKey?.kind}/${o.missingKey?.id}`))];
      throw new IllegalStateError(
        `${still.length} events are sealed with subject keys that neither the database nor the subject-keys topic holds (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}): was the subject-keys topic lost or recreated? Restore it from its backup before replaying`,
      );
    }
    return opened;
  }

  /**
   * Commits the messages in one transaction. When PostgreSQL refuses the data of
   * one of them (SQLSTATE class 22, "data exception": a number out of range, a
   * date it cannot hold, …), retrying would fail the same way for ever and stop
   * the partition: the batch is halved until the message is found, which is then
   * dead-lettered with PostgreSQL's reason, and the rest is applied. Anything else
   * (connection lost, deadlock) is thrown and the whole batch retried.
   */
  private async commitIsolatingRefused(
    raw: readonly RawMessage[],
    consumed: readonly ConsumedMessage[],
  ): Promise<BatchOutcome> {
    try {
      return await this.store.commitBatch(this.group, consumed);
    } catch (error) {
      const code = sqlStateOf(error);
      if (code === undefined || !code.startsWith('22')) throw error;
      if (consumed.length > 1) {
        const half = Math.ceil(consumed.length / 2);
        const first = await this.commitIsolatingRefused(raw.slice(0, half), consumed.slice(0, half));
        const second = await this.commitIsolatingRefused(raw.slice(half), consumed.slice(half));
        return {
          applied: first.applied + second.applied,
          duplicates: first.duplicates + second.duplicates,
          skipped: first.skipped + second.skipped,
          deadLetters: first.deadLetters + second.deadLetters,
        };
      }
      const [message] = raw;
      // A dead-letter row PostgreSQL refuses too cannot be made storable here.
      if ('deadLetter' in consumed[0]) throw error;
      const dead: Extract<ConsumedMessage, { deadLetter: unknown }> = {
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        deadLetter: {
          reason: `PostgreSQL refused it (SQLSTATE ${code}): ${(error as Error).message}`,
          key: message.key,
          value: message.value,
          headers: message.headers,
        },
      };
      await this.publishDeadLetters([dead]);
      return this.store.commitBatch(this.group, [dead]);
    }
  }

  private async publishDeadLetters(dead: readonly Extract<ConsumedMessage, { deadLetter: unknown }>[]): Promise<void> {
    if (dead.length === 0) return;
    if (this.deadLetters) {
      const failedAt = new Date().toISOString();
      await this.deadLetters.publish(
        dead.map((d) => ({
          topic: this.deadLetterTopic,
          key: d.deadLetter.key?.toString('utf8') ?? `${d.topic}:${d.partition}:${d.offset}`,
          value: d.deadLetter.value?.toString('utf8') ?? '',
          headers: {
            ...d.deadLetter.headers,
            ...deadLetterHeaders({
              reason: d.deadLetter.reason,
              sourceTopic: d.topic,
              sourcePartition: d.partition,
              sourceOffset: d.offset,
              consumerGroup: this.group,
              failedAt,
            }),
          },
        })),
      );
    }
    for (const d of dead)
      this.logger.warn(
        { topic: d.topic, partition: d.partition, offset: d.offset, reason: d.deadLetter.reason },
        'message dead-lettered',
      );
  }
}

/** Messages handled per turn of the event loop while preparing (~10–20 ms of decoding). */
const PREPARE_CHUNK = 250;

/** `items.map(f)`, yielding to the event loop (`setImmediate`) after every `chunk` items. */
async function inChunks<T, R>(items: readonly T[], chunk: number, f: (item: T, index: number) => R): Promise<R[]> {
  if (chunk >= items.length) return items.map(f);
  const out = new Array<R>(items.length);
  for (let start = 0; start < items.length; start += chunk) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const end = Math.min(items.length, start + chunk);
    for (let i = start; i < end; i++) out[i] = f(items[i], i);
  }
  return out;
}

/** The SQLSTATE of a PostgreSQL error (pg's DatabaseError, or TypeORM's QueryFailedError, which copies it). */
function sqlStateOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
