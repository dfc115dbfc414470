import { loadPlatformConfig } from '@hindsight/config';
import { randomBytes } from 'node:crypto';
import { BatchConsumer, type PartitionBatch } from './batch-consumer';
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

  it('reads only its share of the partitions with a share: two shares read every message once between them', async () => {
    const shared = `${topic}-share-${randomBytes(3).toString('hex')}`;
    await ensureTopics(kafka, [{ name: shared, partitions: 4, replicationFactor: 1, config: {} }]);
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: shared,
        messages: Array.from({ length: 40 }, (_, i) => ({ partition: i % 4, value: `m${i}` })),
      });
    } finally {
      await producer.disconnect();
    }
    const read: { share: number; partition: number; value: string }[] = [];
    const assignments = new Map<number, readonly string[]>();
    const consumers = [0, 1].map(
      (index) =>
        new BatchConsumer(kafka, {
          groupId: `${shared}-lane${index}`,
          share: { index, of: 2 },
          topics: [shared],
          positions: async () => [],
          apply: async (batch: PartitionBatch) => {
            for (const m of batch.messages)
              read.push({ share: index, partition: batch.partition, value: String(m.value) });
          },
          onAssignment: (partitions) => assignments.set(index, partitions),
          maxWaitTimeInMs: 100,
        }),
    );
    try {
      await Promise.all(consumers.map((c) => c.start()));
      for (let waited = 0; read.length < 40 && waited < 30_000; waited += 100)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(assignments.get(0)).toEqual([`${shared}[0]`, `${shared}[2]`]);
      expect(assignments.get(1)).toEqual([`${shared}[1]`, `${shared}[3]`]);
      expect(read.map((r) => r.value).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `m${i}`).sort());
      for (const r of read) expect(r.partition % 2).toBe(r.share);
    } finally {
      await Promise.all(consumers.map((c) => c.stop()));
    }
  }, 60_000);
});
