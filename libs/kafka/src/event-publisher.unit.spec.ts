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
    await expect(publisher.publish([message])).rejects.toThrow(/Kafka did not accept the events: .*out of order sequence/);
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
