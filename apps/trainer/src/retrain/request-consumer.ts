import type { Logger } from 'pino';
import { parseEventJson, type RetrainRequested } from '@hindsight/contracts';
import type { PartitionBatch } from '@hindsight/kafka';
import type { RequestedRun, TrainerRunRepository } from '@hindsight/store';

/**
 * Applies one consumed sub-batch of the retraining topic: every valid
 * `retrain.requested` becomes a run in `trainer_runs` (a run id seen before is
 * left alone), and the group's offsets move past the batch, in one transaction.
 * Other event types are skipped; a message that is not a valid event is logged
 * and skipped (the projector dead-letters it). Returns the run ids recorded now.
 */
export async function recordRequests(batch: PartitionBatch, deps: { runs: TrainerRunRepository; groupId: string; now: () => Date; logger: Logger }): Promise<string[]> {
  const requested: RequestedRun[] = [];
  for (const message of batch.messages) {
    if (message.headers['hindsight-type'] !== undefined && message.headers['hindsight-type'] !== 'retrain.requested') continue;
    try {
      const event = parseEventJson(message.value?.toString('utf8') ?? '');
      if (event.type !== 'retrain.requested') continue;
      const request = event as RetrainRequested;
      requested.push({ runId: request.data.runId, tenant: request.tenant, requestEventId: request.id, request: request as unknown as Record<string, unknown> });
    } catch (error) {
      deps.logger.warn({ topic: batch.topic, partition: batch.partition, offset: message.offset, err: error instanceof Error ? error.message : String(error) }, 'skipping a message that is not a valid event');
    }
  }
  const last = batch.messages[batch.messages.length - 1];
  const recorded = await deps.runs.recordConsumed(deps.groupId, requested, [{ topic: batch.topic, partition: batch.partition, nextOffset: (BigInt(last.offset) + 1n).toString() }], deps.now());
  if (recorded.length > 0) deps.logger.info({ runs: recorded }, 'retrain requested');
  return recorded;
}
