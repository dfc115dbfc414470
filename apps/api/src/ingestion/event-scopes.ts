import type { EventType } from '@hindsight/contracts';

/** The trainer announces these itself: a client that could send them could forge a model's metrics or a run's outcome. */
const TRAINER_ONLY: ReadonlySet<string> = new Set(['retrain.dataset-built', 'retrain.completed', 'retrain.failed']);

/** Starting a training run and erasing a subject are administrative acts, not data collection. */
const ADMIN_ONLY: ReadonlySet<string> = new Set(['retrain.requested', 'subject.erasure.requested']);

/**
 * Records people create are written through their own routes, which check them
 * against PostgreSQL (a policy's name, a run's owner) before publishing; API keys
 * only by the CLI: a client that could send `api-key.created` could mint itself keys.
 */
const RECORD_ROUTES: ReadonlyMap<string, string> = new Map([
  ['retrain-policy.created', 'POST /v1/policies'],
  ['retrain-policy.paused', 'POST /v1/policies/{id}/pause'],
  ['retrain-policy.resumed', 'POST /v1/policies/{id}/resume'],
  ['retrain-policy.deleted', 'DELETE /v1/policies/{id}'],
  ['run.kl-budget-assigned', 'PUT /v1/runs/{id}/budget'],
  ['api-key.created', 'hindsight keys create'],
  ['api-key.revoked', 'hindsight keys revoke'],
]);

/**
 * Why a key with `scopes` may not send an event of `type` through the api, or
 * undefined when it may. `feedback` keys (browsers) send `feedback.recorded` only.
 */
export function eventScopeRefusal(type: EventType, scopes: readonly string[]): string | undefined {
  if (TRAINER_ONLY.has(type)) return `${type} is emitted by the trainer only`;
  const route = RECORD_ROUTES.get(type);
  if (route !== undefined) return `${type} is written by ${route} only`;
  if (ADMIN_ONLY.has(type)) return scopes.includes('admin') ? undefined : 'needs scope admin';
  if (scopes.includes('ingest')) return undefined;
  if (type === 'feedback.recorded' && scopes.includes('feedback')) return undefined;
  return 'needs scope ingest';
}
