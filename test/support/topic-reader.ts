import { randomUUID } from 'node:crypto';
import type { Kafka } from '@hindsight/kafka';

export interface ReadMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

/** The sum of the end offsets of a topic's partitions: it moves exactly when something is written. */
export async function endOffsetTotal(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Reads every message of `topic` from the beginning until `until` is satisfied or the timeout passes. */
export async function readTopicUntil(
  kafka: Kafka,
  topic: string,
  until: (messages: readonly ReadMessage[]) => boolean,
  timeoutMs = 60_000,
): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}` });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`readTopicUntil: condition not met within ${timeoutMs} ms (${messages.length} messages read)`),
          ),
        timeoutMs,
      );
      // Whole batches: a run's topics can hold tens of thousands of messages by the time a late test reads them.
      void consumer.run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(message.headers ?? {}))
              headers[k] = String(Array.isArray(v) ? v[0] : v);
            messages.push({
              topic: batch.topic,
              partition: batch.partition,
              offset: message.offset,
              key: String(message.key),
              value: String(message.value),
              headers,
            });
          }
          if (until(messages)) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    return messages;
  } finally {
    await consumer.disconnect();
  }
}
