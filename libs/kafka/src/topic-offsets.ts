import type { Kafka } from 'kafkajs';

export interface PartitionRange {
  readonly partition: number;
  /** The first offset still in the log. */
  readonly low: string;
  /** The offset the next message will get. */
  readonly high: string;
}

/** Where each partition of `topic` starts and ends now. */
export async function topicOffsetRanges(kafka: Kafka, topic: string): Promise<PartitionRange[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, low: p.low, high: p.high }));
  } finally {
    await admin.disconnect();
  }
}
