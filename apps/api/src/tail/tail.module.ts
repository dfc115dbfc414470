import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { TailController } from './tail.controller';
import { TailService } from './tail.service';

/** Following a tenant's new events live (GET /v1/events/tail, `hindsight tail`). */
@Module({
  imports: [AuthModule, IngestionModule],
  controllers: [TailController],
  providers: [TailService],
})
export class TailModule {}
