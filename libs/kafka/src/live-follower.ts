import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { BatchConsumer, type RawMessage, type StoredPosition } from './batch-consumer';
import { topicOffsetRanges } from './topic-offsets';

export interface LiveFollowerOptions {
  readonly kafka: Kafka;
  readonly topics: readonly string[];
  /** Names the consumer group (a random suffix makes it this follower's alone: it reads every partition). */
  readonly groupPrefix: string;
  /** Receives the messages after the start, in each partition's order; awaited before the next batch. */
  readonly apply: (messages: readonly RawMessage[]) => Promise<void>;
  /** Told when the consumer stopped for good (see BatchConsumer); the follower reads nothing more. */
  readonly onFatal: (error: Error) => void;
  readonly logger?: Logger;
}

/**
 * Follows topics from "now": `start` notes where every partition ends and
 * resolves; from then on only messages at or after those offsets are applied,
 * however late the consumer joins its group. Nothing is committed: a follower
 * lives as long as one reader (a `hindsight tail`) does.
 */
export class LiveFollower {
  private consumer?: BatchConsumer;
  private running?: Promise<void>;
  private stopped = false;

  constructor(private readonly options: LiveFollowerOptions) {}

  /** Resolves once the starting offsets are fixed; the consumer joins in the background. */
  async start(): Promise<void> {
    const { kafka, topics, groupPrefix, logger } = this.options;
    const from: StoredPosition[] = [];
    for (const topic of topics) {
      for (const range of await topicOffsetRanges(kafka, topic))
        from.push({ topic, partition: range.partition, nextOffset: range.high });
    }
    const start = new Map(from.map((p) => [`${p.topic}[${p.partition}]`, BigInt(p.nextOffset)]));
    if (this.stopped) return;
    this.consumer = new BatchConsumer(kafka, {
      groupId: `${groupPrefix}-${randomBytes(6).toString('hex')}`,
      topics,
      positions: async () => from,
      apply: async (batch) => {
        // A partition created after the start begins at 0; any other message before its start offset is history.
        const first = start.get(`${batch.topic}[${batch.partition}]`) ?? 0n;
        const fresh = batch.messages.filter((m) => BigInt(m.offset) >= first);
        if (fresh.length > 0 && !this.stopped) await this.options.apply(fresh);
      },
      onFatal: (error) => {
        if (!this.stopped) this.options.onFatal(error);
      },
      maxMessagesPerApply: 500,
      logger,
    });
    this.running = this.consumer.start().catch((error: unknown) => {
      if (!this.stopped) this.options.onFatal(error instanceof Error ? error : new Error(String(error)));
    });
  }

  /** Stops reading; a consumer still joining is waited for (up to 30 s), so none outlives this call. */
  async stop(): Promise<void> {
    this.stopped = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise((r) => (timer = setTimeout(r, 30_000)))]);
    clearTimeout(timer);
    await this.consumer?.stop().catch(() => undefined);
  }
}
