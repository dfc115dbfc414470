import {
  eventHeaders,
  partitionKey,
  sealEvent,
  topicName,
  topicOf,
  validateEventInput,
  type InteractionRouted,
  type RoutingAction,
  type RoutingFilter,
  type RoutingRuleEvent,
  type RoutingSampling,
} from '@hindsight/contracts';
import type { RoutingDecision } from './decide-routing';

/** Who writes the event and when: ids and times come in (replays and tests stay deterministic). */
export interface RoutingEventContext {
  readonly eventId: string;
  readonly tenant: string;
  /** `api`, `cli` or `scheduler`. */
  readonly source: string;
  readonly at: Date;
}

/** A rule's spec as the routes and the CLI take it. */
export interface RoutingRuleSpec {
  readonly name: string;
  readonly filter: RoutingFilter;
  readonly sampling: RoutingSampling;
  readonly action: RoutingAction;
}

function seal<T>(ctx: RoutingEventContext, type: string, idempotencyKey: string, data: Record<string, unknown>): T {
  const input = validateEventInput(
    { type, idempotencyKey, occurredAt: ctx.at.toISOString(), data },
    { types: [type as never] },
  );
  return sealEvent(input, {
    id: ctx.eventId,
    recordedAt: ctx.at.toISOString(),
    tenant: ctx.tenant,
    source: ctx.source,
  }) as T;
}

/**
 * `routing-rule.created` (revision 1, active from `ctx.at`). Pure.
 * @throws ValidationError naming each field of the spec at fault.
 */
export function routingRuleCreatedEvent(
  ruleId: string,
  spec: RoutingRuleSpec,
  ctx: RoutingEventContext,
): RoutingRuleEvent {
  return seal(ctx, 'routing-rule.created', `routing-rule:${ruleId}:1`, {
    ruleId,
    ...spec,
    createdAt: ctx.at.toISOString(),
  });
}

/** `routing-rule.changed` as revision `revision`: the whole spec from `ctx.at` on. Pure. */
export function routingRuleChangedEvent(
  ruleId: string,
  revision: number,
  spec: RoutingRuleSpec,
  ctx: RoutingEventContext,
): RoutingRuleEvent {
  return seal(ctx, 'routing-rule.changed', `routing-rule:${ruleId}:${revision}`, {
    ruleId,
    revision,
    ...spec,
    changedAt: ctx.at.toISOString(),
  });
}

/** `routing-rule.paused` as revision `revision`. Pure. */
export function routingRulePausedEvent(ruleId: string, revision: number, ctx: RoutingEventContext): RoutingRuleEvent {
  return seal(ctx, 'routing-rule.paused', `routing-rule:${ruleId}:${revision}`, {
    ruleId,
    revision,
    pausedAt: ctx.at.toISOString(),
  });
}

/** How an annotation decision was paired: the second response's interaction, or none yet. */
export type Pairing = { readonly pairedInteractionId: string } | { readonly unpaired: true } | undefined;

/**
 * `routing.interaction-routed` of a decision; its idempotency key is the decision id, so a
 * decision published twice is stored once. Pure.
 */
export function interactionRoutedEvent(
  decision: RoutingDecision,
  facts: { readonly recordedAt: string; readonly promptChars: number },
  pairing: Pairing,
  ctx: RoutingEventContext,
): InteractionRouted {
  const a = decision.action;
  return seal(ctx, 'routing.interaction-routed', decision.decisionId, {
    decisionId: decision.decisionId,
    ruleId: decision.ruleId,
    ruleRevision: decision.ruleRevision,
    interactionId: decision.interactionId,
    action: a.kind,
    ...(a.kind === 'annotation-task' ? { queueId: a.queueId } : {}),
    ...(a.kind === 'webhook' ? { endpoint: a.endpoint } : {}),
    ...(pairing ?? {}),
    cell: decision.cell,
    rate: decision.rate,
    interactionRecordedAt: facts.recordedAt,
    promptChars: facts.promptChars,
  });
}

/** The Kafka message of a routing event (topic and key from its definition). */
export function routingMessage(
  event: InteractionRouted | RoutingRuleEvent,
  topicPrefix: string,
): { topic: string; key: string; value: string; headers: Record<string, string> } {
  return {
    topic: topicName(topicPrefix, topicOf(event.type)),
    key: partitionKey(event),
    value: JSON.stringify(event),
    headers: eventHeaders(event),
  };
}
