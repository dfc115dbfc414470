import { Module } from '@nestjs/common';
import { DataSource } from '@hindsight/store';
import { QualitySourceRepository } from '@hindsight/store';
import { AuthModule } from '../auth/auth.module';
import { Clock } from '@hindsight/contracts';
import { SystemClock } from '@hindsight/runtime';
import { QualityController } from './quality.controller';
import { QualityService } from './quality.service';

/** The quality report of the caller's tenant as of T. */
@Module({
  imports: [AuthModule],
  controllers: [QualityController],
  providers: [
    QualityService,
    { provide: Clock, useClass: SystemClock },
    {
      provide: QualitySourceRepository,
      useFactory: (ds: DataSource) => new QualitySourceRepository(ds),
      inject: [DataSource],
    },
  ],
})
export class QualityModule {}
