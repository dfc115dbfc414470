import {
  eventHeaders,
  partitionKey,
  PROMPT_DRIFT_MEASURE,
  sealEvent,
  topicName,
  topicOf,
  validateEventInput,
  type DriftMeasured,
} from '@hindsight/contracts';

export interface DriftReading {
  readonly eventId: string;
  readonly tenant: string;
  readonly policyId: string;
  readonly objectives: readonly string[];
  readonly since: Date;
  readonly value: number;
  readonly threshold: number | null;
  /** The drift retrain this reading fired, if it did. */
  readonly runId?: string;
  readonly measuredAt: Date;
  /** A reading of one objective (and surface) carries what it was measured on; absent on a reading of the objectives together. */
  readonly of?: {
    readonly objective: string;
    readonly surface: string | null;
    readonly windowFrom: Date;
    readonly lengthDrift: number | null;
    readonly localeMixDrift: number | null;
    readonly samples: { readonly trainedOn: number; readonly deployed: number };
  };
}

/**
 * A sealed `drift.measured` for a scheduler's reading. Pure: ids and times come in.
 * @example driftMeasuredEvent({ eventId, tenant: 'acme', policyId: 'p1', objectives: ['helpfulness'], since, value: 0.31, threshold: 0.25, measuredAt })
 * @throws ValidationError when the pieces do not make a valid event (a negative value, a bad objective).
 */
export function driftMeasuredEvent(r: DriftReading): DriftMeasured {
  const input = validateEventInput(
    {
      type: 'drift.measured',
      idempotencyKey: `drift:${r.policyId}:${r.eventId}`,
      occurredAt: r.measuredAt.toISOString(),
      data: {
        policyId: r.policyId,
        objectives: [...r.objectives],
        since: r.since.toISOString(),
        value: r.value,
        threshold: r.threshold,
        measure: PROMPT_DRIFT_MEASURE,
        ...(r.runId === undefined ? {} : { runId: r.runId }),
        ...(r.of === undefined
          ? {}
          : {
              objective: r.of.objective,
              ...(r.of.surface === null ? {} : { surface: r.of.surface }),
              windowFrom: r.of.windowFrom.toISOString(),
              lengthDrift: r.of.lengthDrift,
              localeMixDrift: r.of.localeMixDrift,
              samples: { ...r.of.samples },
            }),
      },
    },
    { types: ['drift.measured'] },
  );
  return sealEvent(input, {
    id: r.eventId,
    recordedAt: r.measuredAt.toISOString(),
    tenant: r.tenant,
    source: 'scheduler',
  }) as DriftMeasured;
}

/** The Kafka message of a `drift.measured`. */
export function driftMessage(
  event: DriftMeasured,
  topicPrefix: string,
): { topic: string; key: string; value: string; headers: Record<string, string> } {
  return {
    topic: topicName(topicPrefix, topicOf(event.type)),
    key: partitionKey(event),
    value: JSON.stringify(event),
    headers: eventHeaders(event),
  };
}
