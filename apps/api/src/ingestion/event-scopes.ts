import { sendersOf, type EventType } from '@hindsight/contracts';

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
  ['session.ended', 'DELETE /v1/session'],
  ['redaction-policy.configured', 'PUT /v1/redaction-policy'],
  ['blend.weights-assigned', 'PUT /v1/blend-weights'],
  ['webhook.subscribed', 'POST /v1/webhooks'],
  ['webhook.unsubscribed', 'DELETE /v1/webhooks/{id}'],
  ['routing-rule.created', 'POST /v1/routing/rules'],
  ['routing-rule.changed', 'PUT /v1/routing/rules/{id}'],
  ['routing-rule.paused', 'POST /v1/routing/rules/{id}/pause'],
]);

/**
 * Why a key with `scopes` may not send an event of `type` through the api, or
 * undefined when it may: as the type's definition declares (`senders`). A type
 * a platform component writes alone is refused to every key, admin included,
 * so no client can forge, say, a model's metrics.
 */
export function eventScopeRefusal(type: EventType, scopes: readonly string[]): string | undefined {
  const route = RECORD_ROUTES.get(type);
  if (route !== undefined) return `${type} is written by ${route} only`;
  const senders = sendersOf(type);
  if ('platform' in senders) return `${type} is emitted by the ${senders.platform} only`;
  if (senders.clients.some((scope) => scopes.includes(scope))) return undefined;
  return `needs scope ${senders.clients.join(' or ')}`;
}
