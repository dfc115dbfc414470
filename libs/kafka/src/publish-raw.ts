import type { Kafka } from 'kafkajs';

export interface RawOutgoingMessage {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** Sends messages byte for byte (re-driving dead letters), idempotent and acknowledged by all replicas. */
export async function publishRaw(kafka: Kafka, topic: string, messages: readonly RawOutgoingMessage[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: messages.map((m) => ({ key: m.key, value: m.value, headers: { ...m.headers } })) });
  } finally {
    await producer.disconnect();
  }
}
