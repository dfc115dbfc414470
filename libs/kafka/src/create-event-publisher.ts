import type { Logger } from 'pino';
import { createKafka } from './kafka-client';
import { EventPublisher, type EventPublisherOptions } from './event-publisher';

/** What a publisher needs of the platform configuration (`PlatformConfig['kafka']`). */
export interface PublisherKafkaSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** KAFKA_ACK_TIMEOUT_MS: how long a publish waits for the broker's acknowledgement. */
  readonly publishAckTimeoutMs: number;
}

export interface PublisherTuning {
  /** How long a message may wait for companions (default 0: send at once). */
  readonly lingerMs?: number;
  /** Messages per send at most (default 1000). */
  readonly maxBatchMessages?: number;
  /** Raises the acknowledgement timeout for a slow job (kek rotation); never lowers KAFKA_ACK_TIMEOUT_MS. */
  readonly minAckTimeoutMs?: number;
  /** Told of every send (the service's Prometheus produce metrics). */
  readonly onSend?: EventPublisherOptions['onSend'];
}

/**
 * The one way to make an EventPublisher outside the api's ingestion path (which
 * has its own settings, PUBLISH_*): the scheduler, the trainer, the projector's
 * dead letters, the CLI and the tools. Kafka client id `<KAFKA_CLIENT_ID>-<role>`,
 * acks=all, acknowledgement timeout KAFKA_ACK_TIMEOUT_MS. The producer connects
 * on the first publish; `close()` it when done.
 *
 * @example
 * const publisher = createEventPublisher(config.kafka, 'scheduler', logger);
 * await publisher.publish([message]);
 */
export function createEventPublisher(
  kafka: PublisherKafkaSettings,
  role: string,
  logger?: Logger,
  tuning: PublisherTuning = {},
): EventPublisher {
  return new EventPublisher(createKafka({ brokers: kafka.brokers, clientId: `${kafka.clientId}-${role}` }, logger), {
    lingerMs: tuning.lingerMs ?? 0,
    maxBatchMessages: tuning.maxBatchMessages ?? 1000,
    ackTimeoutMs: Math.max(kafka.publishAckTimeoutMs, tuning.minAckTimeoutMs ?? 0),
    ...(tuning.onSend ? { onSend: tuning.onSend } : {}),
  });
}
