import { loadPlatformConfig } from '@hindsight/config';
import { BatchConsumer } from './batch-consumer';
import { createKafka } from './kafka-client';
import { ensureTopics } from './topic-admin';

describe('BatchConsumer against the real broker', () => {
  const config = loadPlatformConfig();
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'batch-consumer-test' });
  const topic = `${config.kafka.topicPrefix}batch-consumer`;

  it('reports its assignment, and stops for good telling onFatal when the stored offsets cannot be read', async () => {
    await ensureTopics(kafka, [{ name: topic, partitions: 2, replicationFactor: 1, config: {} }]);
    const assignments: (readonly string[])[] = [];
    let fatal!: (error: Error) => void;
    const stopped = new Promise<Error>((resolve) => {
      fatal = resolve;
    });
    const consumer = new BatchConsumer(kafka, {
      groupId: `${config.kafka.topicPrefix}batch-consumer-fatal`,
      topics: [topic],
      // As when PostgreSQL is down at the moment of a rebalance.
      positions: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
      apply: async () => undefined,
      onAssignment: (partitions) => assignments.push(partitions),
      onFatal: fatal,
    });
    try {
      await consumer.start();
      const error = await stopped;
      expect(error.message).toBe('connect ECONNREFUSED 127.0.0.1:5432');
      expect(assignments[0]).toEqual([`${topic}[0]`, `${topic}[1]`]);
    } finally {
      await consumer.stop();
    }
  }, 60_000);
});
