import { randomBytes, randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import type { PlatformConfig } from '@hindsight/config';
import { Clock, formatUuidV7, recordMessage } from '@hindsight/contracts';
import { EventPublisher } from '@hindsight/kafka';
import { PLATFORM_CONFIG, SystemClock } from '@hindsight/runtime';
import { KEY_RING, type KeyEncryptionKeyRing } from '@hindsight/shredding';
import { applyWebhookRecord, DataSource, WebhookRepository } from '@hindsight/store';
import { WebhookSubscriptions } from '@hindsight/webhooks';
import { AuthModule } from '../auth/auth.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** POST/GET /v1/webhooks, DELETE /v1/webhooks/:id, GET /v1/webhooks/deliveries. */
@Module({
  // IngestionModule: the api's one Kafka publisher and its key ring (which wraps the signing secrets).
  imports: [AuthModule, IngestionModule],
  controllers: [WebhooksController],
  providers: [
    WebhooksService,
    { provide: Clock, useClass: SystemClock },
    {
      provide: WebhookSubscriptions,
      useFactory: (ds: DataSource, publisher: EventPublisher, config: PlatformConfig, ring: KeyEncryptionKeyRing) =>
        new WebhookSubscriptions(new WebhookRepository(ds), () => ring, {
          publish: (event) => publisher.publish([recordMessage(event, config.kafka.topicPrefix)]),
          apply: (event) => applyWebhookRecord(ds, event),
          newEventId: () => formatUuidV7(Date.now(), randomBytes(10)),
          newWebhookId: () => `wh-${randomUUID()}`,
          source: 'api',
        }),
      inject: [DataSource, EventPublisher, PLATFORM_CONFIG, KEY_RING],
    },
  ],
})
export class WebhooksModule {}
