import { Module } from '@nestjs/common';
import { IngestionModule } from '../ingestion/ingestion.module';
import { AuthModule } from './auth.module';
import { SessionController } from './session.controller';
import { SessionService } from './session.service';

/** POST/GET/DELETE /v1/session: sign-in, the current session, sign-out (published as `session.ended`). */
@Module({
  // IngestionModule: the api's one Kafka publisher.
  imports: [AuthModule, IngestionModule],
  controllers: [SessionController],
  providers: [SessionService],
})
export class SessionModule {}
