import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { PartitionBatch } from '@hindsight/kafka';
import type { BatchOutcome } from '@hindsight/store';
import { PARTITION_BATCH_COMMIT, PARTITION_BATCH_PREPARE } from '../transport/kafka-batch.transport';
import { ProjectionService, type TimedPreparedBatch } from './projection.service';

/** Sub-batches from the Kafka transport; throughput, lag and owned partitions are in GET /metrics (Prometheus). */
@Controller()
export class ProjectionController {
  constructor(private readonly projection: ProjectionService) {}

  /** Decodes a sub-batch while the one before it commits; writes nothing. */
  @EventPattern(PARTITION_BATCH_PREPARE)
  prepare(@Payload() batch: PartitionBatch): Promise<TimedPreparedBatch> {
    return this.projection.prepare(batch);
  }

  /** Writes a prepared sub-batch: dead letters, then one PostgreSQL transaction with its offsets. */
  @EventPattern(PARTITION_BATCH_COMMIT)
  commit(@Payload() prepared: TimedPreparedBatch): Promise<BatchOutcome> {
    return this.projection.commit(prepared);
  }
}
