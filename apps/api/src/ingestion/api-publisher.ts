import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { PlatformConfig } from '@hindsight/config';
import { createKafka, EventPublisher, probeKafka, type SendObservation } from '@hindsight/kafka';
import { kafkaReadiness, type ReadinessCheck } from '@hindsight/runtime';

/** The api's one publisher, made before the modules so that /ready can ask it what it knows. */
export const API_PUBLISHER = Symbol('API_PUBLISHER');

/**
 * Detection and recovery figures of issue #12: a send unacknowledged for a second
 * makes the publisher ask the broker, a broker known to be down is asked twice a
 * second, so ingestion answers 202 again well within 5 s of the broker answering.
 */
const PROBE_INTERVAL_MS = 500;
const PROBE_TIMEOUT_MS = 1000;
const SUSPECT_AFTER_MS = 1000;
const RETRY_AFTER_SECONDS = 1;

export function createApiPublisher(
  config: PlatformConfig,
  logger: Logger,
  onSend?: (send: SendObservation) => void,
): EventPublisher {
  const connection = { brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-api` };
  const probeConnection = { ...connection, clientId: `${connection.clientId}-probe` };
  return new EventPublisher(createKafka(connection, logger), {
    lingerMs: config.api.publishLingerMs,
    maxBatchMessages: 5000,
    ackTimeoutMs: config.api.publishAckTimeoutMs,
    onSend,
    health: {
      probe: () => probeKafka(probeConnection, PROBE_TIMEOUT_MS),
      probeIntervalMs: PROBE_INTERVAL_MS,
      suspectAfterMs: Math.min(SUSPECT_AFTER_MS, config.api.publishAckTimeoutMs),
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    },
  });
}

/** Readiness of Kafka for the api: down at once while the publisher knows the broker is down, else the usual probe. */
export function apiKafkaReadiness(publisher: EventPublisher, config: PlatformConfig): ReadinessCheck {
  const probe = kafkaReadiness({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-api-ready` });
  return {
    name: 'kafka',
    check: async () => {
      const known = publisher.health();
      return known.up ? probe.check() : { up: false, detail: `the publisher: ${known.detail}` };
    },
  };
}

@Global()
@Module({})
export class ApiPublisherModule {
  static of(publisher: EventPublisher): DynamicModule {
    return {
      module: ApiPublisherModule,
      providers: [{ provide: API_PUBLISHER, useValue: publisher }],
      exports: [API_PUBLISHER],
    };
  }
}
