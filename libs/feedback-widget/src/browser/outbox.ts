import type { QueuedFeedback } from './types';

export const OUTBOX_STORAGE_KEY = 'hindsight-feedback-outbox';

/** The subset of `Storage` the outbox needs, so tests can pass a plain object. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * Clicks waiting to be delivered, persisted before the first attempt so a closed
 * tab or a crash loses nothing. Every operation re-reads the store: other tabs
 * share it, and the idempotency key makes a double delivery harmless.
 */
export class Outbox {
  /** Used when the store throws (storage disabled, quota): the queue then lives as long as the page. */
  private fallback: QueuedFeedback[] = [];

  constructor(private readonly store: KeyValueStore | undefined) {}

  all(): QueuedFeedback[] {
    try {
      const raw = this.store?.getItem(OUTBOX_STORAGE_KEY);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.filter(isQueued) : [];
    } catch {
      return this.fallback.slice();
    }
  }

  add(item: QueuedFeedback): void {
    this.write([...this.all().filter((q) => q.body.idempotencyKey !== item.body.idempotencyKey), item]);
  }

  remove(idempotencyKey: string): void {
    this.write(this.all().filter((q) => q.body.idempotencyKey !== idempotencyKey));
  }

  private write(items: QueuedFeedback[]): void {
    this.fallback = items;
    try {
      this.store?.setItem(OUTBOX_STORAGE_KEY, JSON.stringify(items));
    } catch {
      // Storage refused the write: the in-memory copy above still holds the queue.
    }
  }
}

function isQueued(value: unknown): value is QueuedFeedback {
  const q = value as QueuedFeedback | null;
  return (
    !!q &&
    typeof q.url === 'string' &&
    typeof q.key === 'string' &&
    !!q.body &&
    typeof q.body.idempotencyKey === 'string'
  );
}
