import { randomBytes } from 'node:crypto';
import { Module } from '@nestjs/common';
import type { PlatformConfig } from '@hindsight/config';
import { Clock, formatUuidV7, recordMessage } from '@hindsight/contracts';
import { EventPublisher } from '@hindsight/kafka';
import { PLATFORM_CONFIG, SystemClock } from '@hindsight/runtime';
import { BlendWeightsRepository, DataSource, ModelRegistryRepository } from '@hindsight/store';
import { ModelFamilyViews } from '@hindsight/training';
import { AuthModule } from '../auth/auth.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { FamiliesController } from './families.controller';
import { FamiliesService } from './families.service';

/** PUT/GET /v1/blend-weights, GET /v1/retrain-runs/:id/disagreement. */
@Module({
  // IngestionModule: the api's one Kafka publisher.
  imports: [AuthModule, IngestionModule],
  controllers: [FamiliesController],
  providers: [
    FamiliesService,
    { provide: Clock, useClass: SystemClock },
    {
      provide: ModelFamilyViews,
      useFactory: (ds: DataSource, publisher: EventPublisher, config: PlatformConfig) =>
        new ModelFamilyViews(new ModelRegistryRepository(ds), new BlendWeightsRepository(ds), {
          publish: (event) => publisher.publish([recordMessage(event, config.kafka.topicPrefix)]),
          newEventId: () => formatUuidV7(Date.now(), randomBytes(10)),
          source: 'api',
        }),
      inject: [DataSource, EventPublisher, PLATFORM_CONFIG],
    },
  ],
})
export class FamiliesModule {}
