import {
  eventHeaders,
  partitionKey,
  sealEvent,
  topicName,
  topicOf,
  validateEventInput,
  type RetrainRequested,
  type RetrainRequestedData,
} from '@hindsight/contracts';

export interface RetrainRequestSpec {
  /** UUIDv7 of the event. */
  readonly eventId: string;
  /** The run id (a UUIDv7 as well); every later event of the run carries it. */
  readonly runId: string;
  readonly tenant: string;
  /** `scheduler`, `cli`, … */
  readonly source: string;
  readonly recordedAt: Date;
  readonly trigger: RetrainRequestedData['trigger'];
  readonly asOf: Date;
  readonly objectives: readonly string[];
  readonly recipe: { readonly id: string; readonly version: number };
  readonly period?: string;
  /** Stable for a policy period (`retrain:<policy id>:<period>`), so a replayed request is recognisably the same. */
  readonly idempotencyKey: string;
}

/**
 * A sealed `retrain.requested` event. Pure: ids and times come in.
 * @throws ValidationError if the pieces do not make a valid event (e.g. a bad objective).
 */
export function retrainRequestedEvent(spec: RetrainRequestSpec): RetrainRequested {
  const input = validateEventInput(
    {
      type: 'retrain.requested',
      idempotencyKey: spec.idempotencyKey,
      occurredAt: spec.recordedAt.toISOString(),
      data: {
        runId: spec.runId,
        trigger: spec.trigger,
        asOf: spec.asOf.toISOString(),
        objectives: [...spec.objectives],
        recipe: { id: spec.recipe.id, version: spec.recipe.version },
        ...(spec.period === undefined ? {} : { period: spec.period }),
      },
    },
    { types: ['retrain.requested'] },
  );
  return sealEvent(input, { id: spec.eventId, recordedAt: spec.recordedAt.toISOString(), tenant: spec.tenant, source: spec.source }) as RetrainRequested;
}

/** The Kafka message for a stored `retrain.requested` (its JSON as stored, so a republished message is byte-identical). */
export function retrainMessage(eventJson: string, topicPrefix: string): { topic: string; key: string; value: string; headers: Record<string, string> } {
  const event = JSON.parse(eventJson) as RetrainRequested;
  return { topic: topicName(topicPrefix, topicOf(event.type)), key: partitionKey(event), value: eventJson, headers: eventHeaders(event) };
}
