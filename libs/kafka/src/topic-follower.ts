import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { BatchConsumer, type RawMessage } from './batch-consumer';
import { topicOffsetRanges } from './topic-offsets';

/** What the Kafka client of a follower needs: its consumer must not restart itself (the follower does, and can stop it). */
export const followerKafkaOverrides = { retry: { restartOnFailure: async () => false } };

export interface TopicFollowerOptions {
  readonly kafka: Kafka;
  readonly topic: string;
  /** Names the consumer group (a random suffix makes it this follower's alone: it reads every partition). */
  readonly groupPrefix: string;
  /** Applies messages in memory, in each partition's order; must not throw. */
  readonly apply: (messages: readonly RawMessage[]) => void;
  readonly logger?: Logger;
}

/**
 * Reads a topic from its beginning into memory and goes on following it. It is
 * caught up once it has read up to the end every partition had when it started;
 * it stops being so when its consumer stops for good (a reader that has
 * stopped cannot say what it missed). Nothing is committed: each start reads
 * the topic again.
 */
export class TopicFollower {
  private consumer?: BatchConsumer;
  private ends?: Map<number, bigint>;
  private readonly next = new Map<number, bigint>();
  private caught = false;
  private stopped = false;
  private starting?: Promise<void>;
  private restartTimer?: NodeJS.Timeout;

  constructor(private readonly options: TopicFollowerOptions) {}

  /** True once every partition was read to where it ended at start, while the consumer runs. */
  get caughtUp(): boolean {
    if (this.stopped || this.ends === undefined) return false;
    if (!this.caught) {
      for (const [partition, end] of this.ends) if ((this.next.get(partition) ?? 0n) < end) return false;
      this.caught = true;
    }
    return true;
  }

  /** Starts reading in the background; the broker's failures are logged and retried by the consumer. */
  start(): void {
    const { kafka, topic, groupPrefix, logger } = this.options;
    this.starting = (async () => {
      for (let attempt = 0; !this.stopped && this.ends === undefined; attempt++) {
        try {
          this.ends = new Map((await topicOffsetRanges(kafka, topic)).map((r) => [r.partition, BigInt(r.high)]));
        } catch (error) {
          if (attempt === 0)
            logger?.warn({ err: error, topic }, 'could not read the end of the topic to follow; retrying every second');
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      if (this.stopped) return;
      this.consumer = new BatchConsumer(kafka, {
        groupId: `${groupPrefix}-${randomBytes(6).toString('hex')}`,
        topics: [topic],
        // Nothing stored: every partition from its beginning.
        positions: async () => [],
        apply: async (batch) => {
          this.options.apply(batch.messages);
          const last = batch.messages[batch.messages.length - 1];
          if (last) this.next.set(batch.partition, BigInt(last.offset) + 1n);
        },
        onFatal: (error) => {
          if (this.stopped) return;
          logger?.warn(
            { err: error, topic },
            'the follower of the topic stopped; reading the topic again from its beginning in 2 s',
          );
          this.restart();
        },
        maxMessagesPerApply: 5000,
        logger,
      });
      await this.consumer.start();
    })().catch((error: unknown) => {
      if (!this.stopped) logger?.error({ err: error, topic }, 'the follower of the topic could not start');
      this.stopped = true;
    });
  }

  /**
   * After its consumer stopped for good (the broker went away: `kafka` should not let consumers restart
   * themselves, see `followerKafkaOverrides`): not caught up any more, and a new consumer reads the topic
   * again from its beginning, on a timer that `stop` clears (a consumer restarting itself could outlive it).
   */
  private restart(): void {
    const old = this.consumer;
    this.consumer = undefined;
    this.ends = undefined;
    this.caught = false;
    this.next.clear();
    void old?.stop().catch(() => undefined);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (!this.stopped) this.start();
    }, 2000);
  }

  /** Stops reading; a start still connecting is waited for (up to 30 s), so no consumer outlives this call. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.starting, new Promise((r) => (timer = setTimeout(r, 30_000)))]);
    clearTimeout(timer);
    await this.consumer?.stop().catch(() => undefined);
  }
}
