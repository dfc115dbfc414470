import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from '@hindsight/store';
import type { Logger } from 'pino';
import { topicName, TOPICS } from '@hindsight/contracts';
import type { PlatformConfig } from '@hindsight/config';
import { createEventPublisher, EventPublisher } from '@hindsight/kafka';
import { BatchApplier, subjectKeyCatchUpOf } from '@hindsight/projector-core';
import { LOGGER, PLATFORM_CONFIG, ServiceMetrics } from '@hindsight/runtime';
import {
  destroyedKeyRecord,
  EventOpener,
  KEY_RING,
  openKeyRing,
  subjectKeyMessage,
  type KeyEncryptionKeyRing,
} from '@hindsight/shredding';
import { ProjectionStore, SubjectKeyRepository } from '@hindsight/store';
import { projectorGroupId } from '../projector-group';
import { ProjectionController } from './projection.controller';
import { ProjectionService } from './projection.service';
import { planProjection } from '@hindsight/projections';

class DeadLetterPublisherShutdown implements OnApplicationShutdown {
  constructor(@Inject(EventPublisher) private readonly publisher: EventPublisher) {}
  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
  }
}

/** Projection: events from Kafka into the event store and read models, exactly once. */
@Module({
  controllers: [ProjectionController],
  providers: [
    ProjectionService,
    DeadLetterPublisherShutdown,
    {
      provide: KEY_RING,
      useFactory: (config: PlatformConfig, ds: DataSource) => openKeyRing(config.keyEncryption, ds),
      inject: [PLATFORM_CONFIG, DataSource],
    },
    {
      provide: ProjectionStore,
      useFactory: (ds: DataSource, publisher: EventPublisher, config: PlatformConfig) => {
        const topic = topicName(config.kafka.topicPrefix, TOPICS.subjectKeys);
        return new ProjectionStore(ds, {
          plan: planProjection,
          onKeysDestroyed: (destroyed) =>
            publisher.publish(destroyed.map((d) => subjectKeyMessage(topic, destroyedKeyRecord(d.ref, d.destroyedAt)))),
        });
      },
      inject: [DataSource, EventPublisher, PLATFORM_CONFIG],
    },
    {
      provide: EventPublisher,
      useFactory: (config: PlatformConfig, logger: Logger, metrics: ServiceMetrics) =>
        createEventPublisher(config.kafka, 'projector-dlq', logger, { onSend: metrics.observeSend }),
      inject: [PLATFORM_CONFIG, LOGGER, ServiceMetrics],
    },
    {
      provide: BatchApplier,
      useFactory: (
        store: ProjectionStore,
        publisher: EventPublisher,
        config: PlatformConfig,
        logger: Logger,
        ds: DataSource,
        ring: KeyEncryptionKeyRing,
      ) =>
        new BatchApplier(
          store,
          publisher,
          topicName(config.kafka.topicPrefix, TOPICS.deadLetter),
          projectorGroupId(config),
          logger,
          new EventOpener(new SubjectKeyRepository(ds), ring),
          {
            catchUpKeys: subjectKeyCatchUpOf(config, logger, ds),
          },
        ),
      inject: [ProjectionStore, EventPublisher, PLATFORM_CONFIG, LOGGER, DataSource, KEY_RING],
    },
  ],
})
export class ProjectionModule {}
