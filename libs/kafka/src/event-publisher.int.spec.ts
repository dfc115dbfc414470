import { loadPlatformConfig } from '@hindsight/config';
import { EventPublisher } from './event-publisher';
import { createKafka } from './kafka-client';
import { ensureTopics } from './topic-admin';

describe('EventPublisher against the real broker', () => {
  const config = loadPlatformConfig();
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'publisher-test' });

  it("splits a publish larger than the broker's message.max.bytes (1 MiB) into sends it accepts, keeping the order", async () => {
    const topic = `${config.kafka.topicPrefix}publisher-large`;
    await ensureTopics(kafka, [{ name: topic, partitions: 1, replicationFactor: 1, config: {} }]);
    const publisher = new EventPublisher(kafka, { lingerMs: 2, maxBatchMessages: 5000, ackTimeoutMs: 30_000 });
    // 40 messages of 100 kB for one partition: 4 MB, four times what one record batch may hold.
    const messages = Array.from({ length: 40 }, (_, i) => ({
      topic,
      key: 'one-key',
      value: `${String(i).padStart(3, '0')}${'x'.repeat(100_000)}`,
      headers: { n: String(i) },
    }));
    try {
      await publisher.publish(messages);
    } finally {
      await publisher.close();
    }
    const admin = kafka.admin();
    await admin.connect();
    const [offsets] = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    expect(Number(offsets.high)).toBe(40);

    const consumer = kafka.consumer({ groupId: `publisher-test-${Date.now()}`, maxBytes: 10_485_760 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          order.push(String(message.value).slice(0, 3));
          if (order.length === 40) resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(order).toEqual(messages.map((_, i) => String(i).padStart(3, '0')));
  });
});
