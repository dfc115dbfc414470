import { createHash } from 'node:crypto';
import {
  eventHeaders,
  formatUuidV7,
  partitionKey,
  sealEvent,
  topicName,
  topicOf,
  uuidV7Millis,
  validateEventInput,
  type HindsightEvent,
  type RetrainCompletedData,
  type RetrainDatasetBuiltData,
  type RetrainFailedData,
} from '@hindsight/contracts';

export type RunEventStage = 'dataset-built' | 'completed' | 'failed';

/**
 * The event id of a run's stage event: a UUIDv7 whose time is that of the
 * run's `retrain.requested` event id and whose random bits are a hash of
 * (run id, stage). The same run and stage always give the same id, so an event
 * rebuilt after a crash is the same event, and its idempotency key
 * `retrain:<runId>:<stage>` is the same too.
 * @example runEventId('run-7', 'completed', '0190a000-0000-7000-8000-00000000000b')
 * @throws RangeError when requestEventId is not a UUIDv7.
 */
export function runEventId(runId: string, stage: RunEventStage, requestEventId: string): string {
  const bytes = createHash('sha256').update(`${runId}:${stage}`).digest().subarray(0, 10);
  return formatUuidV7(uuidV7Millis(requestEventId), bytes);
}

type StageData = { 'dataset-built': RetrainDatasetBuiltData; completed: RetrainCompletedData; failed: RetrainFailedData };
const TYPES = { 'dataset-built': 'retrain.dataset-built', completed: 'retrain.completed', failed: 'retrain.failed' } as const;

/**
 * A sealed run event of the trainer, validated against its schema.
 * @throws ValidationError when the data do not make a valid event.
 */
export function runEvent<S extends RunEventStage>(stage: S, spec: { runId: string; requestEventId: string; tenant: string; recordedAt: Date; data: StageData[S] }): HindsightEvent {
  const type = TYPES[stage];
  const input = validateEventInput({ type, idempotencyKey: `retrain:${spec.runId}:${stage}`, occurredAt: spec.recordedAt.toISOString(), data: spec.data }, { types: [type] });
  return sealEvent(input, { id: runEventId(spec.runId, stage, spec.requestEventId), recordedAt: spec.recordedAt.toISOString(), tenant: spec.tenant, source: 'trainer' }) as HindsightEvent;
}

/** The Kafka message of a stored run event (its JSON as stored, so a republished message is byte-identical). */
export function runEventMessage(eventJson: string, topicPrefix: string): { topic: string; key: string; value: string; headers: Record<string, string> } {
  const event = JSON.parse(eventJson) as HindsightEvent;
  return { topic: topicName(topicPrefix, topicOf(event.type)), key: partitionKey(event), value: eventJson, headers: eventHeaders(event) };
}
