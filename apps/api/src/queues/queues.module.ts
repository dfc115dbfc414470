import { Global, Module } from '@nestjs/common';
import { DataSource } from '@hindsight/store';
import { QueueAssignmentRepository, QueueRepository } from '@hindsight/store';
import { AuthModule } from '../auth/auth.module';
import { Clock } from '@hindsight/contracts';
import { SystemClock } from '@hindsight/runtime';
import { IngestionModule } from '../ingestion/ingestion.module';
import { AssignmentSubmissions } from './assignment-submissions';
import { QueueEvents } from './queue-events';
import { QueuesController } from './queues.controller';
import { QueuesService } from './queues.service';
import { CryptoRandomSource, RandomSource } from './random-source';

/**
 * Annotation queues: overlap, no repeats per rater, counterbalanced response
 * orders. Global so that ingestion can check a submitted comparison against its
 * assignment (AssignmentSubmissions, the one export) without importing this
 * module; nothing else leaks out.
 */
@Global()
@Module({
  // The api's one Kafka publisher (acks=all) lives in ingestion.
  imports: [AuthModule, IngestionModule],
  controllers: [QueuesController],
  providers: [
    QueuesService,
    AssignmentSubmissions,
    QueueEvents,
    { provide: RandomSource, useClass: CryptoRandomSource },
    { provide: Clock, useClass: SystemClock },
    { provide: QueueRepository, useFactory: (ds: DataSource) => new QueueRepository(ds), inject: [DataSource] },
    {
      provide: QueueAssignmentRepository,
      useFactory: (ds: DataSource) => new QueueAssignmentRepository(ds),
      inject: [DataSource],
    },
  ],
  exports: [AssignmentSubmissions],
})
export class QueuesModule {}
