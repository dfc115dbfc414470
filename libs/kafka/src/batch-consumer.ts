import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { partitionShareAssigner, type PartitionShare } from './partition-share-assigner';

export interface RawMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  /** Kafka's own timestamp (producer or broker time), in ms. */
  readonly timestamp: string;
}

export interface PartitionBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly RawMessage[];
  /** The partition's end offset when the batch was fetched: lag = highWatermark - last offset - 1. */
  readonly highWatermark: string;
}

export interface StoredPosition {
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: string;
}

interface BatchConsumerCommonOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where each partition continues: the offsets stored with the rows, read on every assignment. */
  readonly positions: () => Promise<readonly StoredPosition[]>;
  /** Largest number of messages applied in one call (one database transaction). */
  readonly maxMessagesPerApply?: number;
  /**
   * How many partitions are applied at once (kafkajs `partitionsConsumedConcurrently`).
   * Each partition's sub-batches stay in order and each is its own transaction,
   * so exactly-once holds; more than one lets decoding overlap the database's writes.
   */
  readonly partitionsConcurrently?: number;
  /**
   * Told when the consumer has stopped for good: the stored offsets could not be read after a rebalance, or
   * kafkajs crashed without restarting. Without it a process would live on consuming nothing.
   */
  readonly onFatal?: (error: Error) => void;
  /** Told the partitions this member owns (`topic[partition]`, sorted) after every group join. */
  readonly onAssignment?: (partitions: readonly string[]) => void;
  /**
   * How long a fetch waits at the end of the log for new messages (kafkajs `maxWaitTimeInMs`; here 500 ms by
   * default, kafkajs' is 5000). A new message answers a waiting fetch at once, so a short wait costs no
   * latency, only an idle consumer's fetch twice a second; but `stop()` waits for the fetch in flight, and
   * with kafkajs' default every service's shutdown waited up to 5 s per consumer (the api ~2.7 s for its
   * followers). A consumer that reads up to an end and then stops (a catch-up) sets it lower still.
   */
  readonly maxWaitTimeInMs?: number;
  /**
   * Bytes fetched per partition (kafkajs `maxBytesPerPartition`, here 4 MB) and per fetch (`maxBytes`, kafkajs'
   * default 10 MB). kafkajs fetches again only when every batch of the last fetch is applied, so a fetch that holds
   * several sub-batches per partition lets their preparing and committing overlap for longer.
   */
  readonly maxBytesPerPartition?: number;
  readonly maxBytes?: number;
  /**
   * Read only this fixed share of the topics' partitions (see `partitionShareAssigner`); the group must be this
   * consumer's own. Default: the group's members split every partition (kafkajs' round robin).
   */
  readonly share?: PartitionShare;
  readonly logger?: Logger;
}

/** One sub-batch at a time: `apply` decodes and writes it, and resolves when it is durable. */
interface SequentialApply {
  /** Applies one sub-batch; must be idempotent and durable before it resolves. */
  readonly apply: (batch: PartitionBatch) => Promise<void>;
  readonly prepare?: undefined;
  readonly commit?: undefined;
}

/**
 * Pipelined: sub-batch N+1 is prepared while sub-batch N commits (see `applyPipelined`). `prepare` must write
 * nothing anywhere (no topic, no table a reader sees); `commit` must be idempotent and durable before it resolves.
 */
interface PipelinedApply<P> {
  readonly apply?: undefined;
  readonly prepare: (batch: PartitionBatch) => Promise<P>;
  readonly commit: (prepared: P) => Promise<void>;
}

export type BatchConsumerOptions<P = unknown> = BatchConsumerCommonOptions & (SequentialApply | PipelinedApply<P>);

/** kafkajs' `maxWaitTimeInMs` unless a consumer asks for another (see `BatchConsumerOptions.maxWaitTimeInMs`). */
const DEFAULT_FETCH_WAIT_MS = 500;

/**
 * A consumer that owns its offsets: it never commits to Kafka (auto-commit off,
 * auto-resolve off) and on every partition assignment seeks to the positions the
 * caller stored with its rows. Each sub-batch is applied, then resolved and
 * heartbeated; it stops early when the consumer is stopping or the batch is stale.
 */
export class BatchConsumer<P = unknown> {
  private readonly consumer: Consumer;
  private running = false;

  constructor(
    kafka: Kafka,
    private readonly options: BatchConsumerOptions<P>,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 4 * 1024 * 1024,
      ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
      maxWaitTimeInMs: options.maxWaitTimeInMs ?? DEFAULT_FETCH_WAIT_MS,
      ...(options.share === undefined ? {} : { partitionAssigners: [partitionShareAssigner(options.share)] }),
    });
  }

  async start(): Promise<void> {
    const { consumer, options } = this;
    await consumer.connect();
    for (const topic of options.topics) await consumer.subscribe({ topic, fromBeginning: true });
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      options.onAssignment?.(assignedPartitions(event.payload.memberAssignment));
      void this.seekAssigned(event.payload.memberAssignment).catch(async (error: unknown) => {
        // Already stopping (shutdown, tests closing the database first): nothing stopped unexpectedly.
        if (!this.running) return;
        options.logger?.error({ err: error }, 'could not seek to the stored offsets; stopping the consumer');
        // kafkajs emits GROUP_JOIN before its runner counts as running: a stop in the same turn finds nothing to
        // stop, and the runner then starts fetching on a consumer already disconnected, for ever. After the
        // pending microtasks (the join's own resolution), the runner is running and stops.
        await new Promise((resolve) => setImmediate(resolve));
        await this.stop().catch((stopError: unknown) =>
          options.logger?.error({ err: stopError }, 'stopping the consumer failed'),
        );
        options.onFatal?.(error instanceof Error ? error : new Error(String(error)));
      });
    });
    consumer.on(consumer.events.CRASH, (event) => {
      // kafkajs restarts after most crashes; one it does not restart from leaves this member consuming nothing.
      if (event.payload.restart || !this.running) return;
      options.logger?.error({ err: event.payload.error }, 'the Kafka consumer crashed and will not restart');
      options.onFatal?.(event.payload.error);
    });
    this.running = true;
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConcurrently ?? 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const max = options.maxMessagesPerApply ?? 500;
        const subBatches: PartitionBatch[] = [];
        for (let start = 0; start < batch.messages.length; start += max)
          subBatches.push({
            topic: batch.topic,
            partition: batch.partition,
            highWatermark: batch.highWatermark,
            messages: batch.messages.slice(start, start + max).map((m) => toRaw(batch.topic, batch.partition, m)),
          });
        const stopping = () => !isRunning() || isStale();
        const committed = async (sub: PartitionBatch) => {
          resolveOffset(sub.messages[sub.messages.length - 1].offset);
          await heartbeat();
        };
        if (options.prepare) {
          await applyPipelined(subBatches, options.prepare, options.commit, stopping, committed);
          return;
        }
        for (const sub of subBatches) {
          if (stopping()) return;
          await options.apply(sub);
          await committed(sub);
        }
      },
    });
  }

  private async seekAssigned(assignment: Record<string, number[]>): Promise<void> {
    const stored = await this.options.positions();
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) {
        const position = stored.find((p) => p.topic === topic && p.partition === partition);
        if (position) this.consumer.seek({ topic, partition, offset: position.nextOffset });
      }
    }
    this.options.logger?.info({ assignment }, 'partitions assigned; continuing from the offsets stored in PostgreSQL');
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.consumer.disconnect();
  }
}

/**
 * Applies one partition's sub-batches in order, preparing sub-batch N+1 while N commits: decoding in Node
 * overlaps PostgreSQL's writes instead of alternating with them. Commits stay strictly in order, one at a
 * time; `committed` (resolve, heartbeat) runs after each commit. When a commit fails, the sub-batch prepared
 * meanwhile is dropped unused (preparing writes nothing) and the error is thrown: the consumer retries from the
 * stored offsets. A failed prepare is thrown when its turn comes, after the commits before it. Stops between
 * sub-batches once `stopping()` says so.
 */
export async function applyPipelined<B, P>(
  subBatches: readonly B[],
  prepare: (batch: B) => Promise<P>,
  commit: (prepared: P) => Promise<void>,
  stopping: () => boolean,
  committed: (batch: B) => Promise<void>,
): Promise<void> {
  const started = (batch: B): Promise<P> => {
    const prepared = prepare(batch);
    // Awaited at its turn; if that turn never comes (an earlier commit failed, the consumer stopped), its
    // rejection is not an unhandled one.
    prepared.catch(() => undefined);
    return prepared;
  };
  if (subBatches.length === 0 || stopping()) return;
  let next: Promise<P> = started(subBatches[0]);
  for (let i = 0; i < subBatches.length; i++) {
    if (i > 0 && stopping()) return;
    const prepared = await next;
    if (stopping()) return;
    const commitment = commit(prepared);
    if (i + 1 < subBatches.length) next = started(subBatches[i + 1]);
    await commitment;
    await committed(subBatches[i]);
  }
}

function toRaw(topic: string, partition: number, m: KafkaMessage): RawMessage {
  return new ConsumedRawMessage(topic, partition, m);
}

/**
 * A consumed message whose headers are decoded on first read: the projector reads them only for the
 * rare message it dead-letters, and decoding four headers of every message was per-event work.
 */
class ConsumedRawMessage implements RawMessage {
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: string;
  private decodedHeaders: Record<string, string> | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly message: KafkaMessage,
  ) {
    this.offset = message.offset;
    this.key = message.key ?? null;
    this.value = message.value ?? null;
    this.timestamp = message.timestamp;
  }

  get headers(): Readonly<Record<string, string>> {
    if (this.decodedHeaders === undefined) {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(this.message.headers ?? {})) {
        const first = Array.isArray(v) ? v[0] : v;
        if (first !== undefined) headers[k] = first.toString();
      }
      this.decodedHeaders = headers;
    }
    return this.decodedHeaders;
  }
}

/** `topic[partition]` for every partition of a member assignment, sorted. */
export function assignedPartitions(assignment: Readonly<Record<string, readonly number[]>>): string[] {
  return Object.entries(assignment)
    .flatMap(([topic, partitions]) => [...partitions].sort((a, b) => a - b).map((p) => `${topic}[${p}]`))
    .sort();
}
