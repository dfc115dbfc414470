import { Module } from '@nestjs/common';
import { Clock } from '@hindsight/contracts';
import { SystemClock } from '@hindsight/runtime';
import { DataSource, RedactionPolicyRepository } from '@hindsight/store';
import { AuthModule } from '../auth/auth.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { RedactionController } from './redaction.controller';
import { RedactionService } from './redaction.service';

/** GET and PUT /v1/redaction-policy. */
@Module({
  // IngestionModule: the api's one Kafka publisher; AuthModule: the policies the configuration topic feeds.
  imports: [AuthModule, IngestionModule],
  controllers: [RedactionController],
  providers: [
    RedactionService,
    { provide: Clock, useClass: SystemClock },
    {
      provide: RedactionPolicyRepository,
      useFactory: (ds: DataSource) => new RedactionPolicyRepository(ds),
      inject: [DataSource],
    },
  ],
})
export class RedactionModule {}
