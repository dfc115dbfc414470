import { sealEvent, validateEventInput, type RetrainPolicyEvent } from '@hindsight/contracts';
import type { RetrainPolicy } from './retrain-policy';

/** Who writes the event and when: ids and times come in (replays and tests stay deterministic). */
export interface PolicyEventContext {
  readonly eventId: string;
  readonly tenant: string;
  /** `api` or `cli`. */
  readonly source: string;
  readonly at: Date;
}

function seal(
  ctx: PolicyEventContext,
  type: RetrainPolicyEvent['type'],
  idempotencyKey: string,
  data: Record<string, unknown>,
): RetrainPolicyEvent {
  const input = validateEventInput({ type, idempotencyKey, occurredAt: ctx.at.toISOString(), data }, { types: [type] });
  return sealEvent(input, {
    id: ctx.eventId,
    recordedAt: ctx.at.toISOString(),
    tenant: ctx.tenant,
    source: ctx.source,
  }) as RetrainPolicyEvent;
}

/**
 * `retrain-policy.created` for a new policy (active from `createdAt`). Pure.
 * @throws ValidationError if the policy does not make a valid event.
 */
export function retrainPolicyCreatedEvent(
  policy: Omit<RetrainPolicy, 'status' | 'pausedAt' | 'activeSince'>,
  ctx: Omit<PolicyEventContext, 'tenant' | 'at'>,
): RetrainPolicyEvent {
  return seal(
    { ...ctx, tenant: policy.tenant, at: policy.createdAt },
    'retrain-policy.created',
    `retrain-policy:${policy.id}:1`,
    {
      policyId: policy.id,
      name: policy.name,
      cadence: policy.cadence,
      timezone: policy.timezone,
      objectives: [...policy.objectives],
      recipe:
        policy.recipe.inline === undefined
          ? { id: policy.recipe.id, version: policy.recipe.version }
          : { id: policy.recipe.id, version: policy.recipe.version, inline: policy.recipe.inline },
      catchUp: policy.catchUp,
      minNewComparisons: policy.minNewComparisons,
      driftThreshold: policy.driftThreshold,
      createdAt: policy.createdAt.toISOString(),
    },
  );
}

export type PolicyChange = 'paused' | 'resumed' | 'deleted';

/** `retrain-policy.paused`, `.resumed` or `.deleted` as the policy's revision `revision`. Pure. */
export function retrainPolicyChangedEvent(
  change: PolicyChange,
  policyId: string,
  revision: number,
  ctx: PolicyEventContext,
): RetrainPolicyEvent {
  const at = ctx.at.toISOString();
  const field = { paused: 'pausedAt', resumed: 'resumedAt', deleted: 'deletedAt' }[change];
  return seal(ctx, `retrain-policy.${change}`, `retrain-policy:${policyId}:${revision}`, {
    policyId,
    revision,
    [field]: at,
  });
}

/**
 * Events that rebuild a policy stored before policies were events (`hindsight
 * records backfill`): created; then, when its active time moved (it was resumed),
 * a pause and a resume at that time; a pause at `pausedAt` if paused; a delete at
 * `deletedAt` if deleted. Applied in order they give the stored row back. Pure.
 */
export function backfillPolicyEvents(
  policy: Omit<RetrainPolicy, 'status'> & { readonly deletedAt: Date | null },
  ctx: { readonly newEventId: () => string; readonly source: string },
): RetrainPolicyEvent[] {
  const events = [retrainPolicyCreatedEvent(policy, { eventId: ctx.newEventId(), source: ctx.source })];
  const change = (kind: PolicyChange, at: Date) =>
    events.push(
      retrainPolicyChangedEvent(kind, policy.id, events.length + 1, {
        eventId: ctx.newEventId(),
        tenant: policy.tenant,
        source: ctx.source,
        at,
      }),
    );
  if (policy.activeSince.getTime() !== policy.createdAt.getTime()) {
    change('paused', policy.activeSince);
    change('resumed', policy.activeSince);
  }
  if (policy.pausedAt !== null) change('paused', policy.pausedAt);
  if (policy.deletedAt !== null) change('deleted', policy.deletedAt);
  return events;
}
