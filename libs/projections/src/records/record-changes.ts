import type { RecordEvent, RetrainRequested } from '@hindsight/contracts';

/**
 * What the records people create (and the scheduler's requested runs) change in
 * PostgreSQL, one change per event, applied in order by the store's
 * `applyRecordChanges` — by the projector, and by the api and the CLI right
 * after Kafka acknowledged the event (the same code, so the projector's later
 * application is a no-op).
 */
export type RecordChange =
  | {
      readonly kind: 'policy-created';
      readonly tenant: string;
      readonly policyId: string;
      readonly name: string;
      readonly cadence: string;
      readonly timezone: string;
      readonly objectives: readonly string[];
      readonly recipe: unknown;
      readonly catchUp: string;
      readonly minNewComparisons: number | null;
      readonly driftThreshold: number | null;
      readonly createdAt: string;
    }
  | {
      readonly kind: 'policy-paused' | 'policy-resumed' | 'policy-deleted';
      readonly tenant: string;
      readonly policyId: string;
      readonly revision: number;
      readonly at: string;
    }
  | {
      readonly kind: 'api-key-created';
      readonly tenant: string;
      readonly keyId: string;
      readonly lookupId: string;
      /** Hex. */
      readonly secretSha256: string;
      readonly name: string;
      readonly scopes: readonly string[];
      readonly allowedOrigins: readonly string[];
      readonly rateLimitPerMinute: number | null;
      readonly createdAt: string;
    }
  | { readonly kind: 'api-key-revoked'; readonly tenant: string; readonly keyId: string; readonly revokedAt: string }
  | {
      readonly kind: 'run-budget-set';
      readonly tenant: string;
      readonly runId: string;
      readonly klBudget: number;
      readonly setAt: string;
    }
  | {
      readonly kind: 'redaction-policy-set';
      readonly tenant: string;
      readonly mode: string;
      readonly phoneRegion: string | null;
      readonly custom: readonly {
        readonly name: string;
        readonly pattern: string;
        readonly caseInsensitive?: boolean;
      }[];
      readonly setBy: string;
      readonly setAt: string;
    }
  | {
      readonly kind: 'retrain-requested';
      readonly tenant: string;
      readonly runId: string;
      readonly eventId: string;
      readonly policyId: string | null;
      readonly reason: 'cadence' | 'catch-up' | 'volume' | 'drift' | 'manual';
      readonly period: string | null;
      readonly fireAt: string | null;
      readonly asOf: string;
      /** The event as published (the scheduler's outbox keeps it to republish byte for byte). */
      readonly eventJson: string;
      readonly recordedAt: string;
    };

/** The record change of one configuration event. Pure. */
export function recordChangeOf(event: RecordEvent): RecordChange {
  const tenant = event.tenant;
  switch (event.type) {
    case 'retrain-policy.created': {
      const d = event.data;
      return {
        kind: 'policy-created',
        tenant,
        policyId: d.policyId,
        name: d.name,
        cadence: d.cadence,
        timezone: d.timezone,
        objectives: d.objectives,
        recipe: d.recipe,
        catchUp: d.catchUp,
        minNewComparisons: d.minNewComparisons,
        driftThreshold: d.driftThreshold,
        createdAt: d.createdAt,
      };
    }
    case 'retrain-policy.paused':
      return {
        kind: 'policy-paused',
        tenant,
        policyId: event.data.policyId,
        revision: event.data.revision,
        at: event.data.pausedAt,
      };
    case 'retrain-policy.resumed':
      return {
        kind: 'policy-resumed',
        tenant,
        policyId: event.data.policyId,
        revision: event.data.revision,
        at: event.data.resumedAt,
      };
    case 'retrain-policy.deleted':
      return {
        kind: 'policy-deleted',
        tenant,
        policyId: event.data.policyId,
        revision: event.data.revision,
        at: event.data.deletedAt,
      };
    case 'api-key.created': {
      const d = event.data;
      return {
        kind: 'api-key-created',
        tenant,
        keyId: d.keyId,
        lookupId: d.lookupId,
        secretSha256: d.secretSha256,
        name: d.name,
        scopes: d.scopes,
        allowedOrigins: d.allowedOrigins,
        rateLimitPerMinute: d.rateLimitPerMinute,
        createdAt: d.createdAt,
      };
    }
    case 'api-key.revoked':
      return { kind: 'api-key-revoked', tenant, keyId: event.data.keyId, revokedAt: event.data.revokedAt };
    case 'run.kl-budget-assigned':
      return {
        kind: 'run-budget-set',
        tenant,
        runId: event.data.runId,
        klBudget: event.data.klBudget,
        setAt: event.data.setAt,
      };
    case 'redaction-policy.configured': {
      const d = event.data;
      return {
        kind: 'redaction-policy-set',
        tenant,
        mode: d.mode,
        phoneRegion: d.phoneRegion,
        custom: d.custom,
        setBy: d.setBy,
        setAt: d.setAt,
      };
    }
  }
}

/**
 * The scheduler's outbox row of a `retrain.requested`, as the scheduler or the
 * CLI recorded it: a policy's requests count once per (tenant, policy, period);
 * manual requests have no period (one sent with a period keeps it in the event only).
 */
export function retrainRequestChangeOf(event: RetrainRequested): RecordChange {
  const d = event.data;
  const reason = d.trigger.kind === 'policy' ? d.trigger.reason : 'manual';
  return {
    kind: 'retrain-requested',
    tenant: event.tenant,
    runId: d.runId,
    eventId: event.id,
    policyId: d.trigger.policyId ?? null,
    reason,
    period: reason === 'manual' ? null : (d.period ?? null),
    fireAt: reason === 'cadence' || reason === 'catch-up' ? d.asOf : null,
    asOf: d.asOf,
    eventJson: JSON.stringify(event),
    recordedAt: event.recordedAt,
  };
}
