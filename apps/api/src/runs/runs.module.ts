import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RunMonitorRepository, TrainerRunRepository } from '@hindsight/store';
import { RunMonitorViews } from '@hindsight/training';
import { AuthModule } from '../auth/auth.module';
import { Clock, SystemClock } from '../ingestion/clock';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';

/** GET /v1/runs, GET /v1/runs/:id (curves and monitor flags), PUT /v1/runs/:id/budget. */
@Module({
  imports: [AuthModule],
  controllers: [RunsController],
  providers: [
    RunsService,
    { provide: Clock, useClass: SystemClock },
    { provide: RunMonitorViews, useFactory: (ds: DataSource) => new RunMonitorViews(new RunMonitorRepository(ds), new TrainerRunRepository(ds)), inject: [DataSource] },
  ],
})
export class RunsModule {}
