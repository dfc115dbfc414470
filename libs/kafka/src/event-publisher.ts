import { Partitioners, type Kafka, type Producer, type Message, type TopicMessages } from 'kafkajs';
import { UnavailableError } from '@hindsight/contracts';

export interface OutgoingMessage {
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface EventPublisherOptions {
  /** How long a message may wait for companions when no send is in flight. */
  readonly lingerMs: number;
  /** A flush never carries more than this many messages. */
  readonly maxBatchMessages: number;
  /** A publish that is not acknowledged within this time fails with UnavailableError. */
  readonly ackTimeoutMs: number;
  /**
   * A send never carries more than this many bytes of keys, values and headers, so no
   * partition's record batch can exceed the broker's `message.max.bytes` (1 MiB by default).
   */
  readonly maxSendBytes?: number;
}

const DEFAULT_MAX_SEND_BYTES = 768 * 1024;

interface Pending {
  readonly messages: readonly OutgoingMessage[];
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * Publishes with the idempotent producer (acks=all) and batches concurrent callers:
 * one send is in flight at a time (what the idempotent producer needs for ordered
 * sequence numbers), and whatever arrives meanwhile goes out together in the next
 * one, so throughput does not collapse to one round trip per request. A caller's
 * promise resolves only when the broker acknowledged its messages.
 */
export class EventPublisher {
  private producer: Producer;
  private queue: Pending[] = [];
  private queuedMessages = 0;
  private flushing = false;
  private timer: NodeJS.Timeout | undefined;
  private connected: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: EventPublisherOptions,
  ) {
    this.producer = this.createProducer();
  }

  private createProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Java-compatible murmur2 partitioning, so keys land where Java clients would put them.
      createPartitioner: Partitioners.DefaultPartitioner,
      // The idempotent producer keeps retrying; our callers get a bounded answer from ackTimeoutMs instead.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 2000 },
    });
  }

  async connect(): Promise<void> {
    this.connected ??= this.producer.connect();
    return this.connected;
  }

  publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new UnavailableError('kafka', 'the publisher is shutting down'));
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const deadline = setTimeout(() => {
        settled = true;
        reject(new UnavailableError('kafka', `Kafka did not acknowledge within ${this.options.ackTimeoutMs} ms`));
      }, this.options.ackTimeoutMs);
      this.queue.push({
        messages,
        resolve: () => {
          clearTimeout(deadline);
          if (!settled) resolve();
        },
        reject: (error) => {
          clearTimeout(deadline);
          if (!settled) reject(error);
        },
      });
      this.queuedMessages += messages.length;
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.flushing) return;
    if (this.queuedMessages >= this.options.maxBatchMessages) {
      void this.flush();
    } else {
      this.timer ??= setTimeout(() => void this.flush(), this.options.lingerMs);
    }
  }

  private async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = true;
    const batch: Pending[] = [];
    let count = 0;
    while (this.queue.length > 0 && (batch.length === 0 || count + this.queue[0].messages.length <= this.options.maxBatchMessages)) {
      const next = this.queue.shift()!;
      batch.push(next);
      count += next.messages.length;
    }
    this.queuedMessages -= count;
    try {
      await this.connect();
      for (const topicMessages of sendsOfAtMost(batch, this.options.maxSendBytes ?? DEFAULT_MAX_SEND_BYTES)) {
        await this.producer.sendBatch({ acks: -1, topicMessages });
      }
      for (const p of batch) p.resolve();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      for (const p of batch) p.reject(new UnavailableError('kafka', `Kafka did not accept the events: ${reason}`));
      if (/out of order sequence/i.test(reason)) await this.replaceProducer();
    } finally {
      this.flushing = false;
      if (this.queue.length > 0) this.schedule();
    }
  }

  /**
   * After an out-of-order sequence error the idempotent producer refuses every
   * later send (kafkajs#598); a new producer gets a new producer id and sequence.
   */
  private async replaceProducer(): Promise<void> {
    const broken = this.producer;
    this.producer = this.createProducer();
    this.connected = undefined;
    await broken.disconnect().catch(() => undefined);
  }

  /** Flushes what is queued and waits for it, then disconnects (graceful shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    while (this.queue.length > 0 || this.flushing) {
      if (!this.flushing) await this.flush();
      else await new Promise((r) => setTimeout(r, 5));
    }
    if (this.connected) await this.producer.disconnect();
  }
}

/** The batch's messages in order, cut into sends of at most `maxBytes` each (a larger single message goes alone). */
function sendsOfAtMost(batch: readonly Pending[], maxBytes: number): TopicMessages[][] {
  const sends: TopicMessages[][] = [];
  let byTopic = new Map<string, Message[]>();
  let bytes = 0;
  const cut = () => {
    if (byTopic.size > 0) sends.push([...byTopic].map(([topic, messages]) => ({ topic, messages })));
    byTopic = new Map();
    bytes = 0;
  };
  for (const pending of batch) {
    for (const m of pending.messages) {
      const size = sizeOf(m);
      if (bytes > 0 && bytes + size > maxBytes) cut();
      const list = byTopic.get(m.topic) ?? [];
      list.push({ key: m.key, value: m.value, headers: { ...m.headers } });
      byTopic.set(m.topic, list);
      bytes += size;
    }
  }
  cut();
  return sends;
}

function sizeOf(m: OutgoingMessage): number {
  let size = Buffer.byteLength(m.key) + Buffer.byteLength(m.value) + 70;
  for (const [k, v] of Object.entries(m.headers)) size += Buffer.byteLength(k) + Buffer.byteLength(v) + 8;
  return size;
}
