import type { Logger } from 'pino';
import { parseEventJson, type HindsightEvent } from '@hindsight/contracts';
import type { PartitionBatch } from '@hindsight/kafka';
import type { RunRef, TrainerRunRepository } from '@hindsight/store';

/** The events that make the trainer's runs and the model registry (the rest of the topic is not the trainer's). */
const RUN_RECORD_TYPES: ReadonlySet<string> = new Set([
  'retrain.requested',
  'retrain.run-advanced',
  'model.registered',
  'model.outcome-audited',
]);

/**
 * Applies one consumed sub-batch of the retraining topic: every valid
 * `retrain.requested` becomes a run in `trainer_runs` (a run seen before is
 * left alone), and the trainer's own `retrain.run-advanced`,
 * `model.registered` and `model.outcome-audited` are written as the projector writes them, with the group's
 * offsets, in one transaction. Reading its own events back is how a trainer
 * whose database was lost (offsets included, so it reads the topic from the
 * start) learns which runs had finished instead of training them again.
 * Other event types are skipped; a message that is not a valid event is logged
 * and skipped (the projector dead-letters it). Returns the requested runs still unfinished.
 */
export async function recordRequests(
  batch: PartitionBatch,
  deps: { runs: TrainerRunRepository; groupId: string; logger: Logger },
): Promise<RunRef[]> {
  const events: HindsightEvent[] = [];
  for (const message of batch.messages) {
    const type = message.headers['hindsight-type'];
    if (type !== undefined && !RUN_RECORD_TYPES.has(type)) continue;
    try {
      const event = parseEventJson(message.value?.toString('utf8') ?? '');
      if (RUN_RECORD_TYPES.has(event.type)) events.push(event);
    } catch (error) {
      deps.logger.warn(
        {
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          err: error instanceof Error ? error.message : String(error),
        },
        'skipping a message that is not a valid event',
      );
    }
  }
  const last = batch.messages[batch.messages.length - 1];
  const unfinished = await deps.runs.recordConsumed(deps.groupId, events, [
    { topic: batch.topic, partition: batch.partition, nextOffset: (BigInt(last.offset) + 1n).toString() },
  ]);
  if (unfinished.length > 0) deps.logger.info({ runs: unfinished }, 'retrain requested');
  return unfinished;
}
