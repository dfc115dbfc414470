import { randomBytes } from 'node:crypto';
import { Module } from '@nestjs/common';
import type { PlatformConfig } from '@hindsight/config';
import { formatUuidV7, recordMessage } from '@hindsight/contracts';
import { EventPublisher } from '@hindsight/kafka';
import { PLATFORM_CONFIG } from '@hindsight/runtime';
import { DataSource } from '@hindsight/store';
import { RunMonitorRepository, TrainerRunRepository } from '@hindsight/store';
import { RunMonitorViews } from '@hindsight/training';
import { AuthModule } from '../auth/auth.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { Clock } from '@hindsight/contracts';
import { SystemClock } from '@hindsight/runtime';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';

/** GET /v1/runs, GET /v1/runs/:id (curves and monitor flags), PUT /v1/runs/:id/budget. */
@Module({
  // IngestionModule: the api's one Kafka publisher.
  imports: [AuthModule, IngestionModule],
  controllers: [RunsController],
  providers: [
    RunsService,
    { provide: Clock, useClass: SystemClock },
    {
      provide: RunMonitorViews,
      useFactory: (ds: DataSource, publisher: EventPublisher, config: PlatformConfig) =>
        new RunMonitorViews(new RunMonitorRepository(ds), new TrainerRunRepository(ds), {
          publish: (event) => publisher.publish([recordMessage(event, config.kafka.topicPrefix)]),
          newEventId: () => formatUuidV7(Date.now(), randomBytes(10)),
          source: 'api',
        }),
      inject: [DataSource, EventPublisher, PLATFORM_CONFIG],
    },
  ],
})
export class RunsModule {}
