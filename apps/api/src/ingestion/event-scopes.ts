import type { EventType } from '@hindsight/contracts';

/** The trainer announces these itself: a client that could send them could forge a model's metrics or a run's outcome. */
const TRAINER_ONLY: ReadonlySet<string> = new Set(['retrain.dataset-built', 'retrain.completed', 'retrain.failed', 'retrain.run-advanced', 'model.registered']);

/** Starting a training run and erasing a subject are administrative acts, not data collection. */
const ADMIN_ONLY: ReadonlySet<string> = new Set(['retrain.requested', 'subject.erasure.requested']);

/**
 * Why a key with `scopes` may not send an event of `type` through the api, or
 * undefined when it may. `feedback` keys (browsers) send `feedback.recorded` only.
 */
export function eventScopeRefusal(type: EventType, scopes: readonly string[]): string | undefined {
  if (TRAINER_ONLY.has(type)) return `${type} is emitted by the trainer only`;
  if (ADMIN_ONLY.has(type)) return scopes.includes('admin') ? undefined : 'needs scope admin';
  if (scopes.includes('ingest')) return undefined;
  if (type === 'feedback.recorded' && scopes.includes('feedback')) return undefined;
  return 'needs scope ingest';
}
