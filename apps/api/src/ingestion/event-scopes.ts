import { sendersOf, type EventType } from '@hindsight/contracts';

/**
 * Why a key with `scopes` may not send an event of `type` through the api, or
 * undefined when it may: as the type's definition declares (`senders`). A type
 * a platform component writes alone is refused to every key, admin included,
 * so no client can forge, say, a model's metrics.
 */
export function eventScopeRefusal(type: EventType, scopes: readonly string[]): string | undefined {
  const senders = sendersOf(type);
  if ('platform' in senders) return `${type} is emitted by the ${senders.platform} only`;
  if (senders.clients.some((scope) => scopes.includes(scope))) return undefined;
  return `needs scope ${senders.clients.join(' or ')}`;
}
