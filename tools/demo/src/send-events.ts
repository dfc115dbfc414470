import type { BatchResult, EventToSend } from '@hindsight/client';
import { IllegalStateError } from '@hindsight/contracts';

/** What `HindsightClient` offers that sending needs. */
export interface BatchSender {
  sendBatch(events: readonly EventToSend[]): Promise<BatchResult>;
}

export interface SendResult {
  readonly accepted: number;
  /** Accepted earlier under the same idempotency key: nothing new was written. */
  readonly replayed: number;
}

/**
 * Sends events through the api in chunks of `chunkSize`, `concurrency` chunks in
 * flight, after the first `leading` events (rater profiles) have gone alone so
 * comparisons never arrive before their rater's profile.
 * @throws IllegalStateError listing the first rejections when the api refuses any event.
 */
export async function sendEvents(
  sender: BatchSender,
  events: readonly EventToSend[],
  options: { leading?: number; chunkSize?: number; concurrency?: number } = {},
): Promise<SendResult> {
  const chunkSize = options.chunkSize ?? 1000;
  let accepted = 0;
  let replayed = 0;
  const rejections: string[] = [];
  const send = async (from: number, to: number) => {
    const result = await sender.sendBatch(events.slice(from, to));
    for (const item of result.results) {
      if (item.status === 'rejected') {
        if (rejections.length < 5)
          rejections.push(`${item.idempotencyKey}: ${item.issues.map((i) => `${i.path}: ${i.rule}`).join('; ')}`);
      } else if (item.replayed) replayed++;
      else accepted++;
    }
  };
  const leading = Math.min(options.leading ?? 0, events.length);
  for (let k = 0; k < leading; k += chunkSize) await send(k, Math.min(k + chunkSize, leading));
  let next = leading;
  const worker = async () => {
    while (next < events.length) {
      const from = next;
      next = Math.min(next + chunkSize, events.length);
      await send(from, next);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  if (rejections.length > 0)
    throw new IllegalStateError(
      `the api refused ${events.length - accepted - replayed} of ${events.length} events, e.g. ${rejections.join(' | ')}`,
    );
  return { accepted, replayed };
}
