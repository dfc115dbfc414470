import type { Kafka } from 'kafkajs';
import { EventPublisher, type OutgoingMessage } from './event-publisher';

/*
 * The one path of the publisher a real broker cannot be made to take on demand:
 * after "out of order sequence number" (kafkajs#598) the idempotent producer
 * refuses every later send, so the publisher must start a new one. kafkajs's
 * producer is replaced by a scripted one here; every other path is tested
 * against the real broker in event-publisher.int.spec.ts.
 */
class ScriptedProducer {
  disconnected = false;
  sends = 0;
  constructor(private readonly failures: string[]) {}
  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {
    this.disconnected = true;
  }
  async sendBatch(): Promise<void> {
    this.sends += 1;
    const failure = this.failures.shift();
    if (failure) throw new Error(failure);
  }
}

const message: OutgoingMessage = { topic: 't', key: 'k', value: '{}', headers: {} };

function publisherWith(scripts: string[][]) {
  const producers: ScriptedProducer[] = [];
  const kafka = {
    producer: () => {
      const producer = new ScriptedProducer(scripts[producers.length] ?? []);
      producers.push(producer);
      return producer;
    },
  } as unknown as Kafka;
  return { producers, publisher: new EventPublisher(kafka, { lingerMs: 0, maxBatchMessages: 10, ackTimeoutMs: 5000 }) };
}

describe('EventPublisher after a send fails', () => {
  it('replaces the producer after "out of order sequence number", and the next publish goes through the new one', async () => {
    const { producers, publisher } = publisherWith([['The broker received an out of order sequence number']]);
    await expect(publisher.publish([message])).rejects.toThrow(
      /Kafka did not accept the events: .*out of order sequence/,
    );
    await expect(publisher.publish([message])).resolves.toBeUndefined();
    expect(producers).toHaveLength(2);
    expect(producers[0].disconnected).toBe(true);
    expect(producers[1].sends).toBe(1);
    await publisher.close();
  });

  it('keeps its producer after any other failure', async () => {
    const { producers, publisher } = publisherWith([['Connection timeout']]);
    await expect(publisher.publish([message])).rejects.toThrow(/Connection timeout/);
    await expect(publisher.publish([message])).resolves.toBeUndefined();
    expect(producers).toHaveLength(1);
    expect(producers[0].sends).toBe(2);
    await publisher.close();
  });
});

/** A producer whose sends never settle, as kafkajs's do while it retries into a dead broker. */
class HangingProducer extends ScriptedProducer {
  override async sendBatch(): Promise<void> {
    this.sends += 1;
    return new Promise<void>(() => undefined);
  }
}

describe('EventPublisher with broker health', () => {
  function publisherWithHealth(brokerUp: { value: boolean }, ackTimeoutMs = 5000) {
    const producers: ScriptedProducer[] = [];
    const kafka = {
      producer: () => {
        const producer = producers.length === 0 ? new HangingProducer([]) : new ScriptedProducer([]);
        producers.push(producer);
        return producer;
      },
    } as unknown as Kafka;
    const publisher = new EventPublisher(kafka, {
      lingerMs: 0,
      maxBatchMessages: 10,
      ackTimeoutMs,
      health: {
        probe: async () => ({ up: brokerUp.value, detail: brokerUp.value ? 'up' : 'connect ECONNREFUSED' }),
        probeIntervalMs: 20,
        suspectAfterMs: 50,
        retryAfterSeconds: 1,
      },
    });
    return { producers, publisher };
  }

  it('refuses a stuck send once the probe fails, refuses at once while down, and publishes through a fresh producer when the broker answers', async () => {
    const broker = { value: false };
    const { producers, publisher } = publisherWithHealth(broker);
    const started = Date.now();
    await expect(publisher.publish([message])).rejects.toMatchObject({ code: 'unavailable', retryAfterSeconds: 1 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(publisher.health()).toMatchObject({ up: false, detail: expect.stringContaining('ECONNREFUSED') });
    expect(producers[0].disconnected).toBe(true);

    const fast = Date.now();
    await expect(publisher.publish([message])).rejects.toThrow(/known to be down/);
    expect(Date.now() - fast).toBeLessThan(20);

    broker.value = true;
    const deadline = Date.now() + 2000;
    while (!publisher.health().up && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(publisher.health().up).toBe(true);
    await expect(publisher.publish([message])).resolves.toBeUndefined();
    expect(producers[producers.length - 1].sends).toBe(1);
    await publisher.close();
  });

  it('closes without waiting for a send stuck in a broker that is gone', async () => {
    const { publisher } = publisherWithHealth({ value: false });
    const refused = expect(publisher.publish([message])).rejects.toMatchObject({ code: 'unavailable' });
    const started = Date.now();
    await publisher.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await refused;
  });

  it('stays up when a send is slow but the broker answers its probe', async () => {
    const { producers, publisher } = publisherWithHealth({ value: true }, 300);
    await expect(publisher.publish([message])).rejects.toThrow(/did not acknowledge within 300 ms/);
    await new Promise((r) => setTimeout(r, 50));
    expect(publisher.health().up).toBe(true);
    expect(producers).toHaveLength(1);
    // No close: the scripted send never settles, and close waits for the send in flight.
  });
});
