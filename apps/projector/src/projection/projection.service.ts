import { Inject, Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import type { PartitionBatch } from '@hindsight/kafka';
import { BatchApplier } from '@hindsight/projector-core';
import { LATENCY_BUCKETS, ServiceMetrics } from '@hindsight/runtime';
import type { BatchOutcome } from '@hindsight/store';

/** `topic[partition]`, as the applier's stats name a partition. */
const PARTITION_KEY = /^(.*)\[(\d+)\]$/;

@Injectable()
export class ProjectionService {
  private readonly batchSeconds: Histogram<'topic'>;
  private readonly messages: Counter<'topic' | 'outcome'>;
  private readonly deadLetters: Counter<'topic'>;

  constructor(
    @Inject(BatchApplier) private readonly applier: BatchApplier,
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
  ) {
    this.batchSeconds = metrics.histogram({
      name: 'hindsight_projector_batch_duration_seconds',
      help: 'Time to apply one sub-batch of one partition: decode, dead-letter, and the PostgreSQL transaction with its offsets',
      labelNames: ['topic'],
      buckets: [...LATENCY_BUCKETS],
    });
    this.messages = metrics.counter({
      name: 'hindsight_projector_messages_total',
      help: "Messages the projector consumed, by outcome: applied (new events), duplicate (already stored), skipped (an older owner's late batch)",
      labelNames: ['topic', 'outcome'],
    });
    this.deadLetters = metrics.counter({
      name: 'hindsight_projector_dead_letters_total',
      help: 'Messages sent to the dead-letter topic, by the topic they came from',
      labelNames: ['topic'],
    });
    const stats = applier.stats;
    const partitionsOwned = (): { topic: string; partition: string; key: string }[] =>
      stats.assigned.flatMap((key) => {
        const match = PARTITION_KEY.exec(key);
        return match ? [{ topic: match[1], partition: match[2], key }] : [];
      });
    metrics.gauge({
      name: 'hindsight_projector_consumer_lag',
      help: "Messages behind the partition's end when its last batch was fetched, for each partition this instance owns",
      labelNames: ['topic', 'partition'],
      collect() {
        this.reset();
        for (const { topic, partition, key } of partitionsOwned()) {
          const lag = stats.lag.get(key);
          if (lag !== undefined) this.set({ topic, partition }, lag);
        }
      },
    });
    metrics.gauge({
      name: 'hindsight_projector_assigned_partitions',
      help: 'The partitions this instance owns since the last rebalance (1 each)',
      labelNames: ['topic', 'partition'],
      collect() {
        this.reset();
        for (const { topic, partition } of partitionsOwned()) this.set({ topic, partition }, 1);
      },
    });
  }

  async apply(batch: PartitionBatch): Promise<BatchOutcome> {
    const done = this.batchSeconds.startTimer({ topic: batch.topic });
    const outcome = await this.applier.apply(batch);
    done();
    const topic = batch.topic;
    if (outcome.applied > 0) this.messages.inc({ topic, outcome: 'applied' }, outcome.applied);
    if (outcome.duplicates > 0) this.messages.inc({ topic, outcome: 'duplicate' }, outcome.duplicates);
    if (outcome.skipped > 0) this.messages.inc({ topic, outcome: 'skipped' }, outcome.skipped);
    if (outcome.deadLetters > 0) this.deadLetters.inc({ topic }, outcome.deadLetters);
    return outcome;
  }
}
