import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { PartitionBatch } from '@hindsight/kafka';
import type { BatchOutcome } from '@hindsight/store';
import { PARTITION_BATCH } from '../transport/kafka-batch.transport';
import { ProjectionService } from './projection.service';

/** Sub-batches from the Kafka transport; throughput, lag and owned partitions are in GET /metrics (Prometheus). */
@Controller()
export class ProjectionController {
  constructor(private readonly projection: ProjectionService) {}

  @EventPattern(PARTITION_BATCH)
  apply(@Payload() batch: PartitionBatch): Promise<BatchOutcome> {
    return this.projection.apply(batch);
  }
}
