import type { Logger } from 'pino';
import { deadLetterHeaders } from '@hindsight/contracts';
import type { EventPublisher, PartitionBatch } from '@hindsight/kafka';
import type { BatchOutcome, ProjectionStore } from '@hindsight/store';
import type { EventOpener } from '@hindsight/shredding';
import { decodeMessage, parseJsonValue } from './decode-message';

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
  readonly stats: ProjectorStats = { events: 0, duplicates: 0, deadLetters: 0, batches: 0, lag: new Map(), assigned: [], startedAt: Date.now() };

  constructor(
    private readonly store: ProjectionStore,
    /** Where undecodable messages are re-published; a replay passes none (the live projector already did). */
    private readonly deadLetters: EventPublisher | undefined,
    private readonly deadLetterTopic: string,
    private readonly group: string,
    private readonly logger: Logger,
    /** Opens events sealed with their subject's key (crypto-shredding). */
    private readonly opener: EventOpener,
  ) {}

  async apply(batch: PartitionBatch): Promise<BatchOutcome> {
    const parsed = batch.messages.map(parseJsonValue);
    const opened = await this.opener.open(parsed.map((p) => (p.ok ? p.value : null)));
    const consumed = batch.messages.map((m, i) => decodeMessage(m, parsed[i], opened[i]));
    const dead = consumed.flatMap((m) => ('deadLetter' in m ? [m] : []));
    if (dead.length > 0 && this.deadLetters) {
      const failedAt = new Date().toISOString();
      await this.deadLetters.publish(
        dead.map((d) => ({
          topic: this.deadLetterTopic,
          key: d.deadLetter.key?.toString('utf8') ?? `${d.topic}:${d.partition}:${d.offset}`,
          value: d.deadLetter.value?.toString('utf8') ?? '',
          headers: {
            ...d.deadLetter.headers,
            ...deadLetterHeaders({ reason: d.deadLetter.reason, sourceTopic: d.topic, sourcePartition: d.partition, sourceOffset: d.offset, consumerGroup: this.group, failedAt }),
          },
        })),
      );
      for (const d of dead) this.logger.warn({ topic: d.topic, partition: d.partition, offset: d.offset, reason: d.deadLetter.reason }, 'message dead-lettered');
    }
    const outcome = await this.store.commitBatch(this.group, consumed);
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
}
