import { Inject, Injectable } from '@nestjs/common';
import type { PartitionBatch } from '@hindsight/kafka';
import { BatchApplier } from '@hindsight/projector-core';
import type { BatchOutcome } from '@hindsight/store';

@Injectable()
export class ProjectionService {
  constructor(@Inject(BatchApplier) private readonly applier: BatchApplier) {}

  apply(batch: PartitionBatch): Promise<BatchOutcome> {
    return this.applier.apply(batch);
  }

  metrics() {
    const { events, duplicates, deadLetters, batches, lag, assigned, startedAt } = this.applier.stats;
    const seconds = Math.max(1, (Date.now() - startedAt) / 1000);
    return { events, duplicates, deadLetters, batches, eventsPerSecond: Math.round(events / seconds), lag: Object.fromEntries(lag), assigned };
  }
}
