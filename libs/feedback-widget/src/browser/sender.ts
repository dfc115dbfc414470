import { beacon, deliver, type FetchLike } from './delivery';
import type { Outbox } from './outbox';
import type { DeliveryOutcome, QueuedFeedback } from './types';

export type OutcomeListener = (item: QueuedFeedback, outcome: DeliveryOutcome) => void;

export interface SenderEnvironment {
  readonly outbox: Outbox;
  readonly fetch: FetchLike;
  readonly isOnline: () => boolean;
  readonly sendBeacon: (url: string, data: string) => boolean;
  readonly setTimer: (run: () => void, ms: number) => unknown;
}

const MAX_BACKOFF_MS = 60000;

/**
 * Drains the outbox: one delivery at a time, never two attempts of the same click
 * at once, stopping at the first transient failure and trying again after the
 * server's Retry-After or an exponential backoff (while online; the `online`
 * event restarts it otherwise).
 */
export class Sender {
  private readonly inFlight: { [idempotencyKey: string]: true } = {};
  private readonly listeners: OutcomeListener[] = [];
  private draining: Promise<void> | undefined;
  private again = false;
  private failures = 0;
  private timer = false;

  constructor(private readonly env: SenderEnvironment) {}

  listen(listener: OutcomeListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Persists the click first (so closing the tab cannot lose it), then delivers. */
  queue(item: QueuedFeedback): Promise<void> {
    this.env.outbox.add(item);
    return this.flush();
  }

  /** Starts draining, or asks the running drain to look once more when it ends. */
  flush(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    // Whatever happens in a drain, the next flush must be able to start another.
    this.draining = this.drain()
      .then(undefined, (error: unknown) => console.error('Hindsight feedback: delivery failed', error))
      .then(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          return this.flush();
        }
      });
    return this.draining;
  }

  /** Beacons every queued click not already on its way; they stay queued (see `beacon`). */
  beaconAll(): void {
    for (const item of this.env.outbox.all())
      if (!this.inFlight[item.body.idempotencyKey]) beacon(item, this.env.sendBeacon);
  }

  private async drain(): Promise<void> {
    for (const item of this.env.outbox.all()) {
      if (!this.env.isOnline()) return;
      const key = item.body.idempotencyKey;
      if (this.inFlight[key]) continue;
      this.inFlight[key] = true;
      const outcome = await deliver(item, this.env.fetch);
      delete this.inFlight[key];
      if (outcome.kind !== 'retry') this.env.outbox.remove(key);
      for (const listener of this.listeners.slice()) {
        try {
          listener(item, outcome);
        } catch (error) {
          // The host page's callback failing must not stop the clicks after this one.
          console.error('Hindsight feedback: a listener failed', error);
        }
      }
      if (outcome.kind === 'retry') {
        this.retryLater(outcome.retryAfterSeconds);
        return;
      }
      this.failures = 0;
    }
  }

  private retryLater(retryAfterSeconds: number | undefined): void {
    this.failures++;
    if (this.timer || !this.env.isOnline()) return;
    this.timer = true;
    const ms =
      retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.failures);
    this.env.setTimer(() => {
      this.timer = false;
      void this.flush();
    }, ms);
  }
}
