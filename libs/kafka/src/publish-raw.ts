import type { Kafka } from 'kafkajs';
import { UnavailableError } from '@hindsight/contracts';

export interface RawOutgoingMessage {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** kafkajs errors that mean "the broker could not be reached or did not answer in time": worth retrying later. */
const UNREACHABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSConnectionClosedError',
]);

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Sends messages byte for byte (re-driving dead letters), idempotent and acknowledged by all replicas.
 * @throws UnavailableError('kafka') when the broker cannot be reached (the CLI exits 3: retry later).
 */
export async function publishRaw(kafka: Kafka, topic: string, messages: readonly RawOutgoingMessage[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  try {
    await producer.connect();
  } catch (error) {
    throw new UnavailableError('kafka', `cannot reach Kafka to publish to ${topic}: ${reasonOf(error)}`);
  }
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: messages.map((m) => ({ key: m.key, value: m.value, headers: { ...m.headers } })),
    });
  } catch (error) {
    if (error instanceof Error && UNREACHABLE.has(error.name))
      throw new UnavailableError('kafka', `Kafka did not take the messages for ${topic}: ${error.message}`);
    throw error;
  } finally {
    await producer.disconnect().catch(() => undefined); // after the outcome above; a failed disconnect changes nothing for the caller
  }
}
