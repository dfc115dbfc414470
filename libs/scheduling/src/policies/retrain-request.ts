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
import type { PlannedFire } from '../triggers/plan-fires';
import type { RetrainPolicy } from './retrain-policy';

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
  /** Train per rater group besides the pooled model (overrides the recipe's `perGroup`). */
  readonly perGroup?: RetrainRequestedData['perGroup'];
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
        ...(spec.perGroup === undefined ? {} : { perGroup: { ...spec.perGroup } }),
      },
    },
    { types: ['retrain.requested'] },
  );
  return sealEvent(input, {
    id: spec.eventId,
    recordedAt: spec.recordedAt.toISOString(),
    tenant: spec.tenant,
    source: spec.source,
  }) as RetrainRequested;
}

/** What asks for a retrain: a policy's planned fire (the scheduler), or a person by hand (`hindsight retrain`). */
export type RetrainAsk =
  | { readonly kind: 'fire'; readonly fire: PlannedFire }
  | {
      readonly kind: 'manual';
      readonly requestedBy: string;
      readonly asOf: Date;
      readonly perGroup?: RetrainRequestedData['perGroup'];
    };

/** A requested run as the outbox (`retrain_requests`) records it, with its sealed event as it will be published. */
export interface RetrainRequestRecord {
  readonly runId: string;
  readonly eventId: string;
  readonly tenant: string;
  readonly policyId: string | null;
  readonly reason: PlannedFire['reason'] | 'manual';
  /** The policy period a fire is for; null for a manual request. */
  readonly period: string | null;
  /** The scheduled instant of a clock fire (cadence, catch-up); null otherwise. */
  readonly fireAt: Date | null;
  readonly asOf: Date;
  readonly eventJson: string;
  readonly recordedAt: Date;
}

/**
 * The one builder of a retrain request, for the scheduler and the CLI alike: the
 * sealed `retrain.requested` with the policy's objectives and recipe, and the
 * outbox row to record before publishing. A fire's idempotency key is stable for
 * its policy period (`retrain:<policy id>:<period>`), a manual request's for its
 * run (`retrain:manual:<run id>`). Pure: ids and the time come in.
 *
 * @example
 * const { event, record } = requestRetrain(policy, { kind: 'manual', requestedBy: 'cli:ana', asOf: now }, { source: 'cli', now, runId, eventId });
 * @throws ValidationError if the pieces do not make a valid event (e.g. a bad objective).
 */
export function requestRetrain(
  policy: Pick<RetrainPolicy, 'id' | 'tenant' | 'objectives' | 'recipe'>,
  ask: RetrainAsk,
  context: { readonly source: string; readonly now: Date; readonly runId: string; readonly eventId: string },
): { event: RetrainRequested; record: RetrainRequestRecord } {
  const { runId, eventId, now } = context;
  const common = {
    eventId,
    runId,
    tenant: policy.tenant,
    source: context.source,
    recordedAt: now,
    objectives: policy.objectives,
    recipe: policy.recipe,
  };
  const event =
    ask.kind === 'fire'
      ? retrainRequestedEvent({
          ...common,
          trigger: { kind: 'policy', policyId: policy.id, reason: ask.fire.reason },
          asOf: ask.fire.asOf,
          period: ask.fire.period,
          idempotencyKey: `retrain:${policy.id}:${ask.fire.period}`,
        })
      : retrainRequestedEvent({
          ...common,
          trigger: { kind: 'manual', requestedBy: ask.requestedBy, policyId: policy.id },
          asOf: ask.asOf,
          ...(ask.perGroup === undefined ? {} : { perGroup: ask.perGroup }),
          idempotencyKey: `retrain:manual:${runId}`,
        });
  const clockFire = ask.kind === 'fire' && (ask.fire.reason === 'cadence' || ask.fire.reason === 'catch-up');
  return {
    event,
    record: {
      runId,
      eventId,
      tenant: policy.tenant,
      policyId: policy.id,
      reason: ask.kind === 'fire' ? ask.fire.reason : 'manual',
      period: ask.kind === 'fire' ? ask.fire.period : null,
      fireAt: clockFire ? ask.fire.asOf : null,
      asOf: ask.kind === 'fire' ? ask.fire.asOf : ask.asOf,
      eventJson: JSON.stringify(event),
      recordedAt: now,
    },
  };
}

/** The Kafka message for a stored `retrain.requested` (its JSON as stored, so a republished message is byte-identical). */
export function retrainMessage(
  eventJson: string,
  topicPrefix: string,
): { topic: string; key: string; value: string; headers: Record<string, string> } {
  const event = JSON.parse(eventJson) as RetrainRequested;
  return {
    topic: topicName(topicPrefix, topicOf(event.type)),
    key: partitionKey(event),
    value: eventJson,
    headers: eventHeaders(event),
  };
}
