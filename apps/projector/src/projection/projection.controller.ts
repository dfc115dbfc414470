import { Controller, Get } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { PartitionBatch } from '@hindsight/kafka';
import type { BatchOutcome } from '@hindsight/store';
import { PARTITION_BATCH } from '../transport/kafka-batch.transport';
import { ProjectionService } from './projection.service';

@Controller()
export class ProjectionController {
  constructor(private readonly projection: ProjectionService) {}

  @EventPattern(PARTITION_BATCH)
  apply(@Payload() batch: PartitionBatch): Promise<BatchOutcome> {
    return this.projection.apply(batch);
  }

  /** Throughput and per-partition lag of this projector instance. */
  @Get('metrics')
  metrics() {
    return this.projection.metrics();
  }
}
