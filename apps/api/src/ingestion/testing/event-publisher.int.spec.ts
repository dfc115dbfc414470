import { randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import { createKafka, ensureTopics, EventPublisher } from '@hindsight/kafka';
import { endOffsetTotal, readTopicUntil } from '@hindsight/test-support';
import { publisherContract } from './publisher.contract';

/* The publisher contract against EventPublisher on the real broker, on topics of this run (the fake runs it in the unit tier). */
describe('EventPublisher as the IngestionPublisher port', () => {
  const config = loadPlatformConfig();
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'publisher-contract' });
  const publisher = new EventPublisher(kafka, { lingerMs: 2, maxBatchMessages: 5000, ackTimeoutMs: 30_000 });
  publisherContract(
    async () => ({
      publisher,
      topic: async (partitions) => {
        const name = `${config.kafka.topicPrefix}publisher-contract-${randomUUID().slice(0, 8)}`;
        await ensureTopics(kafka, [{ name, partitions, replicationFactor: 1, config: {} }]);
        return name;
      },
      received: async (topic) => {
        const total = await endOffsetTotal(kafka, topic);
        if (total === 0) return [];
        return (await readTopicUntil(kafka, topic, (read) => read.length >= total)).map(({ key, value, headers }) => ({
          key,
          value,
          headers,
        }));
      },
      close: () => publisher.close(),
    }),
    () => publisher.close(),
  );
});
