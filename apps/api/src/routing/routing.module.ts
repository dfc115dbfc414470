import { Module } from '@nestjs/common';
import { Clock } from '@hindsight/contracts';
import { SystemClock } from '@hindsight/runtime';
import { AuthModule } from '../auth/auth.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { RoutingController } from './routing.controller';
import { RoutingService } from './routing.service';

/** Routing rules: which production interactions become annotation tasks, review entries or webhook calls. */
@Module({
  // IngestionModule: the api's one Kafka publisher.
  imports: [AuthModule, IngestionModule],
  controllers: [RoutingController],
  providers: [RoutingService, { provide: Clock, useClass: SystemClock }],
})
export class RoutingModule {}
