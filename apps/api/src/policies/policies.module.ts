import { Module } from '@nestjs/common';
import { DataSource } from '@hindsight/store';
import { RetrainPolicyRepository } from '@hindsight/store';
import { AuthModule } from '../auth/auth.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { Clock } from '@hindsight/contracts';
import { SystemClock } from '@hindsight/runtime';
import { PoliciesController } from './policies.controller';
import { PoliciesService } from './policies.service';

/** Retrain policies: cadence, time zone, objectives, recipe, catch-up mode and early triggers, per tenant. */
@Module({
  // IngestionModule: the api's one Kafka publisher.
  imports: [AuthModule, IngestionModule],
  controllers: [PoliciesController],
  providers: [
    PoliciesService,
    { provide: Clock, useClass: SystemClock },
    {
      provide: RetrainPolicyRepository,
      useFactory: (ds: DataSource) => new RetrainPolicyRepository(ds),
      inject: [DataSource],
    },
  ],
})
export class PoliciesModule {}
