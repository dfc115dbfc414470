import type { Kafka, Producer, Message, TopicMessages } from 'kafkajs';
import { UnavailableError } from '@hindsight/contracts';
import type { ProbeResult } from './kafka-probe';
import { KeyedPartitioner } from './keyed-partitioner';

export interface OutgoingMessage {
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface EventPublisherOptions {
  /**
   * How long a message may wait for companions when no send is in flight (0: until the event loop has read
   * what already arrived). Messages queued while a send is in flight go out as soon as it is acknowledged:
   * they have waited for companions already.
   */
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
  /** When given, the publisher knows when the broker is down and refuses at once instead of after ackTimeoutMs. */
  readonly health?: BrokerHealthOptions;
  /** Told after every send to the broker (metrics: Kafka produce latency); must be cheap and must not throw. */
  readonly onSend?: (send: SendObservation) => void;
}

/** One `sendBatch` of the publisher: how long the broker took to acknowledge it (or to fail), and its size. */
export interface SendObservation {
  readonly seconds: number;
  readonly messages: number;
  readonly ok: boolean;
}

/**
 * How the publisher learns that the broker is gone and that it is back. A send that
 * fails, times out or is still unacknowledged after `suspectAfterMs` makes it ask
 * `probe`; a failed probe marks the broker down, and from then on `probe` is asked
 * every `probeIntervalMs` until it answers, when a fresh producer connects.
 */
export interface BrokerHealthOptions {
  /** Asks the cluster for its metadata with a short deadline (`probeKafka`). */
  readonly probe: () => Promise<ProbeResult>;
  readonly probeIntervalMs: number;
  readonly suspectAfterMs: number;
  /** Retry-After of the answers given while the broker is known to be down. */
  readonly retryAfterSeconds: number;
}

export interface PublisherHealth {
  readonly up: boolean;
  readonly detail: string;
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
  /** Cancels the pending linger (a timeout, or an immediate when lingerMs is 0). */
  private lingering: (() => void) | undefined;
  private connected: Promise<void> | undefined;
  private closed = false;
  /** Bumped when a stuck send is abandoned, so its late settling touches nothing of the sends after it. */
  private generation = 0;
  private inFlight: Pending[] = [];
  private down: { readonly since: Date; readonly reason: string } | undefined;
  private suspecting = false;
  private recoveryTimer: NodeJS.Timeout | undefined;

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
      // Java-compatible murmur2 partitioning, so keys land where Java clients would put them (kafkajs's
      // DefaultPartitioner's choice, in 32-bit arithmetic: see KeyedPartitioner).
      createPartitioner: KeyedPartitioner,
      // The idempotent producer keeps retrying; our callers get a bounded answer from ackTimeoutMs instead.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 2000 },
    });
  }

  async connect(): Promise<void> {
    if (this.connected === undefined) {
      const connecting = this.producer.connect();
      this.connected = connecting;
      // A failed connect is tried again by the next flush instead of being remembered for ever.
      connecting.catch(() => {
        if (this.connected === connecting) this.connected = undefined;
      });
    }
    return this.connected;
  }

  /** Whether the broker is known to be down (readiness reports it); without health options always up. */
  health(): PublisherHealth {
    if (this.down === undefined) return { up: true, detail: 'no failed send since the last successful probe' };
    return { up: false, detail: `down since ${this.down.since.toISOString()}: ${this.down.reason}` };
  }

  publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new UnavailableError('kafka', 'the publisher is shutting down'));
    if (messages.length === 0) return Promise.resolve();
    if (this.down !== undefined) return Promise.reject(this.knownDownError());
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const deadline = setTimeout(() => {
        settled = true;
        reject(new UnavailableError('kafka', `Kafka did not acknowledge within ${this.options.ackTimeoutMs} ms`));
        this.suspect();
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
    } else if (this.lingering === undefined) {
      if (this.options.lingerMs > 0) {
        const timer = setTimeout(() => void this.flush(), this.options.lingerMs);
        this.lingering = () => clearTimeout(timer);
      } else {
        // Not setTimeout(0), which waits at least 1 ms: the requests already read from the sockets join this send.
        const immediate = setImmediate(() => void this.flush());
        this.lingering = () => clearImmediate(immediate);
      }
    }
  }

  private cancelTimer(): void {
    this.lingering?.();
    this.lingering = undefined;
  }

  private async flush(): Promise<void> {
    this.cancelTimer();
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = true;
    const batch: Pending[] = [];
    let count = 0;
    while (
      this.queue.length > 0 &&
      (batch.length === 0 || count + this.queue[0].messages.length <= this.options.maxBatchMessages)
    ) {
      const next = this.queue.shift()!;
      batch.push(next);
      count += next.messages.length;
    }
    this.queuedMessages -= count;
    const generation = this.generation;
    const producer = this.producer;
    this.inFlight = batch;
    const suspicion = this.options.health
      ? setTimeout(() => this.suspect(), this.options.health.suspectAfterMs)
      : undefined;
    try {
      await this.connect();
      for (const topicMessages of sendsOfAtMost(batch, this.options.maxSendBytes ?? DEFAULT_MAX_SEND_BYTES)) {
        await this.timedSend(producer, topicMessages);
      }
      for (const p of batch) p.resolve();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      for (const p of batch) p.reject(new UnavailableError('kafka', `Kafka did not accept the events: ${reason}`));
      if (generation === this.generation) {
        if (/out of order sequence/i.test(reason)) await this.replaceProducer();
        else this.suspect();
      }
    } finally {
      clearTimeout(suspicion);
      if (generation === this.generation) {
        this.inFlight = [];
        this.flushing = false;
        // What queued during the send has waited for companions already: it goes now, with no second linger.
        if (this.queue.length > 0) void this.flush();
      }
    }
  }

  private async timedSend(producer: Producer, topicMessages: TopicMessages[]): Promise<void> {
    const onSend = this.options.onSend;
    if (onSend === undefined) {
      await producer.sendBatch({ acks: -1, topicMessages });
      return;
    }
    const started = performance.now();
    let ok = false;
    try {
      await producer.sendBatch({ acks: -1, topicMessages });
      ok = true;
    } finally {
      onSend({
        seconds: (performance.now() - started) / 1000,
        messages: topicMessages.reduce((n, t) => n + t.messages.length, 0),
        ok,
      });
    }
  }

  /**
   * After an out-of-order sequence error the idempotent producer refuses every
   * later send (kafkajs#598); a new producer gets a new producer id and sequence.
   * A producer abandoned with a send in flight is replaced the same way.
   */
  private async replaceProducer(): Promise<void> {
    const broken = this.producer;
    this.producer = this.createProducer();
    this.connected = undefined;
    await broken.disconnect().catch(() => undefined);
  }

  private knownDownError(): UnavailableError {
    const health = this.options.health!;
    return new UnavailableError(
      'kafka',
      `Kafka is known to be down (${this.health().detail}); asked again every ${health.probeIntervalMs} ms`,
      health.retryAfterSeconds,
    );
  }

  /** A send failed or is slow: the broker is asked whether it is there, and marked down when it is not. */
  private suspect(): void {
    const health = this.options.health;
    // Also while closing: a send stuck in a dead broker must not hold the shutdown for ever.
    if (health === undefined || this.down !== undefined || this.suspecting) return;
    this.suspecting = true;
    void health
      .probe()
      .catch((error: unknown) => ({ up: false, detail: error instanceof Error ? error.message : String(error) }))
      .then((probe) => {
        this.suspecting = false;
        if (!probe.up) this.markDown(probe.detail);
      });
  }

  /**
   * Everything waiting is refused at once, and the send in flight is abandoned with
   * its producer: kafkajs would retry it into the dead broker and hold every later
   * send behind it well after the broker is back.
   */
  private markDown(reason: string): void {
    if (this.down !== undefined) return;
    this.down = { since: new Date(), reason };
    const refused = [...this.inFlight, ...this.queue];
    this.generation += 1;
    this.inFlight = [];
    this.queue = [];
    this.queuedMessages = 0;
    this.flushing = false;
    this.cancelTimer();
    for (const p of refused) p.reject(this.knownDownError());
    void this.replaceProducer();
    if (!this.closed) this.scheduleRecoveryProbe();
  }

  private scheduleRecoveryProbe(): void {
    const health = this.options.health!;
    this.recoveryTimer = setTimeout(() => void this.tryRecover(), health.probeIntervalMs);
  }

  private async tryRecover(): Promise<void> {
    if (this.closed) return;
    const health = this.options.health!;
    const probe = await health
      .probe()
      .catch((error: unknown) => ({ up: false, detail: error instanceof Error ? error.message : String(error) }));
    if (probe.up) {
      try {
        await this.connectWithin(health.probeIntervalMs * 4);
        this.down = undefined;
        return;
      } catch (error) {
        if (this.down)
          this.down = {
            since: this.down.since,
            reason: `the broker answers but the producer did not connect: ${error instanceof Error ? error.message : String(error)}`,
          };
        await this.replaceProducer();
      }
    } else if (this.down) {
      this.down = { since: this.down.since, reason: probe.detail };
    }
    if (!this.closed) this.scheduleRecoveryProbe();
  }

  private async connectWithin(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.connect(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no connection within ${ms} ms`)), ms);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Flushes what is queued and waits for it, then disconnects (graceful shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.recoveryTimer);
    // Polled rather than awaited: a send abandoned because the broker is down never settles.
    while (this.queue.length > 0 || this.flushing) {
      if (!this.flushing) void this.flush();
      await new Promise((r) => setTimeout(r, 5));
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
      let list = byTopic.get(m.topic);
      if (list === undefined) {
        list = [];
        byTopic.set(m.topic, list);
      }
      // kafkajs only reads a message (key, value, headers; `topic` it ignores, and there is no `partition` or
      // `timestamp`): the caller's object is passed as it is, not copied per message.
      list.push(m as Message);
      bytes += size;
    }
  }
  cut();
  return sends;
}

/** Bytes of each headers object, measured once: the api shares one per tenant and event type. */
const headerBytes = new WeakMap<object, number>();

function sizeOf(m: OutgoingMessage): number {
  let headers = headerBytes.get(m.headers);
  if (headers === undefined) {
    headers = 0;
    for (const [k, v] of Object.entries(m.headers)) headers += Buffer.byteLength(k) + Buffer.byteLength(v) + 8;
    headerBytes.set(m.headers, headers);
  }
  return Buffer.byteLength(m.key) + Buffer.byteLength(m.value) + 70 + headers;
}
