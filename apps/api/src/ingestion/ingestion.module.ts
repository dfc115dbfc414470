import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from '@hindsight/store';
import type { PlatformConfig } from '@hindsight/config';
import { topicName, TOPICS } from '@hindsight/contracts';
import type { Logger } from 'pino';
import { createKafka, EventPublisher, followerKafkaOverrides } from '@hindsight/kafka';
import { LOGGER, PLATFORM_CONFIG } from '@hindsight/runtime';
import { EventSealer, KEY_RING, openKeyRing, subjectKeyMessage, type KeyEncryptionKeyRing } from '@hindsight/shredding';
import { IdempotencyRepository, SubjectKeyRepository } from '@hindsight/store';
import { AuthModule } from '../auth/auth.module';
import { Clock } from '@hindsight/contracts';
import { SystemClock } from '@hindsight/runtime';
import { IngestionController } from './ingestion.controller';
import { IdempotencyWindow } from './idempotency-window';
import { IngestionService } from './ingestion.service';
import { API_PUBLISHER } from './api-publisher';
import { SubjectKeyLogReader } from './subject-key-log-reader';

class PublisherShutdown implements OnApplicationShutdown {
  constructor(@Inject(EventPublisher) private readonly publisher: EventPublisher) {}
  /** Graceful shutdown: in-flight sends are flushed before the process exits. */
  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
  }
}

/**
 * How long a request owns the idempotency keys it claimed before another request
 * may take them over. Its publish answers within PUBLISH_ACK_TIMEOUT_MS (acked or
 * 503); twice that plus a second leaves room for the completing statement, a
 * wait for a pooled connection and a stalled event loop, so a live owner is not
 * taken over and a dead one blocks its keys for seconds only.
 */
export function idempotencyLeaseMs(publishAckTimeoutMs: number): number {
  return 2 * publishAckTimeoutMs + 1000;
}

/** Ingestion: every human signal enters here, is validated, and is published to Kafka. */
@Module({
  imports: [AuthModule],
  controllers: [IngestionController],
  providers: [
    IngestionService,
    PublisherShutdown,
    IdempotencyWindow,
    { provide: Clock, useClass: SystemClock },
    {
      provide: IdempotencyRepository,
      useFactory: (ds: DataSource, config: PlatformConfig) =>
        new IdempotencyRepository(ds, { leaseMs: idempotencyLeaseMs(config.api.publishAckTimeoutMs) }),
      inject: [DataSource, PLATFORM_CONFIG],
    },
    {
      provide: KEY_RING,
      useFactory: (config: PlatformConfig, ds: DataSource) => openKeyRing(config.keyEncryption, ds),
      inject: [PLATFORM_CONFIG, DataSource],
    },
    {
      provide: EventSealer,
      useFactory: (
        ds: DataSource,
        ring: KeyEncryptionKeyRing,
        publisher: EventPublisher,
        config: PlatformConfig,
        reader: SubjectKeyLogReader,
      ) => {
        const topic = topicName(config.kafka.topicPrefix, TOPICS.subjectKeys);
        return new EventSealer(
          new SubjectKeyRepository(ds),
          ring,
          (records) => publisher.publish(records.map((r) => subjectKeyMessage(topic, r))),
          undefined,
          reader,
        );
      },
      inject: [DataSource, KEY_RING, EventPublisher, PLATFORM_CONFIG, SubjectKeyLogReader],
    },
    {
      provide: SubjectKeyLogReader,
      useFactory: (config: PlatformConfig, logger: Logger) => {
        const clientId = `${config.kafka.clientId}-subject-keys`;
        return new SubjectKeyLogReader(
          createKafka({ brokers: config.kafka.brokers, clientId }, logger, followerKafkaOverrides),
          topicName(config.kafka.topicPrefix, TOPICS.subjectKeys),
          clientId,
          logger,
        );
      },
      inject: [PLATFORM_CONFIG, LOGGER],
    },
    {
      provide: EventPublisher,
      useFactory: async (publisher: EventPublisher) => {
        await publisher.connect();
        return publisher;
      },
      inject: [API_PUBLISHER],
    },
  ],
  exports: [IngestionService, EventPublisher, KEY_RING],
})
export class IngestionModule {}
