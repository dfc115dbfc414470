import { Module } from '@nestjs/common';
import { DataSource } from '@hindsight/store';
import {
  AnnotationReadsRepository,
  DeploymentReadsRepository,
  DriftMeasurementRepository,
  GovernanceReadsRepository,
  QueueReadsRepository,
  RetrainRunReadsRepository,
} from '@hindsight/store';
import { AuthModule } from '../auth/auth.module';
import { ReadsController } from './reads.controller';
import { ReadsService } from './reads.service';

const repository = <T>(type: new (ds: DataSource) => T) => ({
  provide: type,
  useFactory: (ds: DataSource) => new type(ds),
  inject: [DataSource],
});

/** Reading data back: paged, filtered, tenant-scoped lists of the projections (GET /v1/comparisons, /v1/ratings, …). */
@Module({
  imports: [AuthModule],
  controllers: [ReadsController],
  providers: [
    ReadsService,
    repository(AnnotationReadsRepository),
    repository(DeploymentReadsRepository),
    repository(QueueReadsRepository),
    repository(RetrainRunReadsRepository),
    repository(DriftMeasurementRepository),
    repository(GovernanceReadsRepository),
  ],
})
export class ReadsModule {}
