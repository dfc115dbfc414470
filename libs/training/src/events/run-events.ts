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
  type ModelOutcomeAuditedData,
  type ModelRegisteredData,
  type RetrainCompletedData,
  type RetrainDatasetBuiltData,
  type RetrainFailedData,
  type RetrainRunAdvancedData,
} from '@hindsight/contracts';

/** The trainer's events of a run: the public announcements, the run's record at each state, a registered model and its outcome audit. */
export type RunEventStage = 'dataset-built' | 'completed' | 'failed' | 'advanced' | 'model' | 'outcome-audit';

/**
 * The event id of one of a run's events: a UUIDv7 whose time is that of the
 * run's `retrain.requested` event id and whose random bits are a hash of
 * (tenant, run id, key). The same run and key always give the same id, so an
 * event rebuilt after a crash is the same event, and its idempotency key
 * `retrain:<runId>:<key>` is the same too. The tenant is in the hash because
 * run ids are chosen by clients: two tenants' runs of one id have distinct events.
 * @example runEventId({ tenant: 'acme', runId: 'run-7' }, 'completed', '0190a000-0000-7000-8000-00000000000b')
 * @throws RangeError when requestEventId is not a UUIDv7.
 */
export function runEventId(run: { tenant: string; runId: string }, key: string, requestEventId: string): string {
  const bytes = createHash('sha256').update(`${run.tenant}:${run.runId}:${key}`).digest().subarray(0, 10);
  return formatUuidV7(uuidV7Millis(requestEventId), bytes);
}

type StageData = {
  'dataset-built': RetrainDatasetBuiltData;
  completed: RetrainCompletedData;
  failed: RetrainFailedData;
  advanced: RetrainRunAdvancedData;
  model: ModelRegisteredData;
  'outcome-audit': ModelOutcomeAuditedData;
};
const TYPES = {
  'dataset-built': 'retrain.dataset-built',
  completed: 'retrain.completed',
  failed: 'retrain.failed',
  advanced: 'retrain.run-advanced',
  model: 'model.registered',
  'outcome-audit': 'model.outcome-audited',
} as const;

/** What tells a run's events of one stage apart: the state a run moved to, the objective a model is for. */
function keyOf<S extends RunEventStage>(stage: S, data: StageData[S]): string {
  if (stage === 'advanced') return `advanced:${(data as RetrainRunAdvancedData).state}`;
  if (stage === 'model') return `model:${(data as ModelRegisteredData).objective}`;
  if (stage === 'outcome-audit') return `outcome-audit:${(data as ModelOutcomeAuditedData).objective}`;
  return stage;
}

/**
 * A sealed run event of the trainer, validated against its schema.
 * @throws ValidationError when the data do not make a valid event.
 */
export function runEvent<S extends RunEventStage>(
  stage: S,
  spec: { runId: string; requestEventId: string; tenant: string; recordedAt: Date; data: StageData[S] },
): HindsightEvent {
  const type = TYPES[stage];
  const key = keyOf(stage, spec.data);
  const input = validateEventInput(
    {
      type,
      idempotencyKey: `retrain:${spec.runId}:${key}`,
      occurredAt: spec.recordedAt.toISOString(),
      data: spec.data,
    },
    { types: [type] },
  );
  return sealEvent(input, {
    id: runEventId(spec, key, spec.requestEventId),
    recordedAt: spec.recordedAt.toISOString(),
    tenant: spec.tenant,
    source: 'trainer',
  }) as HindsightEvent;
}

/** The Kafka message of a stored run event (its JSON as stored, so a republished message is byte-identical). */
export function runEventMessage(
  eventJson: string,
  topicPrefix: string,
): { topic: string; key: string; value: string; headers: Record<string, string> } {
  const event = JSON.parse(eventJson) as HindsightEvent;
  return {
    topic: topicName(topicPrefix, topicOf(event.type)),
    key: partitionKey(event),
    value: eventJson,
    headers: eventHeaders(event),
  };
}
