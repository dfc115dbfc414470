import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { Kafka } from '@hindsight/kafka';
import type { Logger } from 'pino';
import { BatchConsumer, type PartitionBatch, type StoredPosition } from '@hindsight/kafka';

/** The one pattern this transport dispatches: a sub-batch of one partition. */
export const PARTITION_BATCH = 'hindsight.partition-batch';

export interface KafkaBatchTransportOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly positions: () => Promise<readonly StoredPosition[]>;
  readonly maxMessagesPerApply: number;
  /** Partitions applied at once (PROJECTOR_CONCURRENCY); each sub-batch is still one transaction. */
  readonly partitionsConcurrently: number;
  /** Told when the consumer has stopped for good (see BatchConsumerOptions.onFatal). */
  readonly onFatal?: (error: Error) => void;
  /** Told the partitions this instance owns after every rebalance. */
  readonly onAssignment?: (partitions: readonly string[]) => void;
  readonly logger: Logger;
}

/**
 * A Nest transport over kafkajs `eachBatch`. Nest's built-in Kafka transport hands
 * handlers one message at a time and commits offsets to Kafka, which cannot make
 * writes to PostgreSQL exactly-once. This one hands a handler a whole sub-batch;
 * the handler stores the rows and the offsets in one transaction, and on every
 * assignment the consumer seeks to the offsets stored in PostgreSQL.
 */
export class KafkaBatchTransport extends Server implements CustomTransportStrategy {
  private consumer: BatchConsumer | undefined;

  constructor(private readonly options: KafkaBatchTransportOptions) {
    super();
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    const handler = this.getHandlerByPattern(PARTITION_BATCH);
    if (!handler) {
      callback(new Error(`no handler registered for ${PARTITION_BATCH}`));
      return;
    }
    this.consumer = new BatchConsumer(this.options.kafka, {
      groupId: this.options.groupId,
      topics: this.options.topics,
      positions: this.options.positions,
      maxMessagesPerApply: this.options.maxMessagesPerApply,
      partitionsConcurrently: this.options.partitionsConcurrently,
      onAssignment: this.options.onAssignment,
      onFatal: this.options.onFatal,
      logger: this.options.logger,
      apply: async (batch: PartitionBatch) => {
        await lastValueFrom(this.transformToObservable(await handler(batch)), { defaultValue: undefined });
      },
    });
    this.consumer.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
  }

  on(): never {
    throw new Error('KafkaBatchTransport does not emit events');
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('KafkaBatchTransport is not listening');
    return this.consumer as unknown as T;
  }
}
