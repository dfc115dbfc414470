import { randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import { createKafka } from './kafka-client';
import { ensureTopics } from './topic-admin';

describe('the real broker', () => {
  const config = loadPlatformConfig();
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'roundtrip-test' });
  const topic = `${config.kafka.topicPrefix}roundtrip`;

  it('creates a topic with explicit settings, then a produced message is consumed with its key, value and headers', async () => {
    await ensureTopics(kafka, [{ name: topic, partitions: 3, replicationFactor: 1, config: { 'retention.ms': '-1' } }]);
    const admin = kafka.admin();
    await admin.connect();
    const [described] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    const configs = await admin.describeConfigs({
      resources: [{ type: 2, name: topic, configNames: ['retention.ms'] }],
      includeSynonyms: false,
    });
    await admin.disconnect();
    expect(described.partitions).toHaveLength(3);
    expect(configs.resources[0].configEntries.find((e) => e.configName === 'retention.ms')?.configValue).toBe('-1');

    const value = JSON.stringify({ hello: randomUUID() });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key: 'task-1', value, headers: { 'hindsight-version': '1' } }],
    });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `roundtrip-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<{ key: string; value: string; version: string }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          resolve({
            key: String(message.key),
            value: String(message.value),
            version: String(message.headers?.['hindsight-version']),
          });
        },
      });
    });
    await consumer.disconnect();
    expect(received).toEqual({ key: 'task-1', value, version: '1' });
  });

  it('refuses to produce to a topic nobody created (auto-creation is off)', async () => {
    const producer = kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 1 } });
    await producer.connect();
    await expect(
      producer.send({ topic: `${config.kafka.topicPrefix}never-created`, messages: [{ value: 'x' }] }),
    ).rejects.toThrow();
    await producer.disconnect();
  });
});
