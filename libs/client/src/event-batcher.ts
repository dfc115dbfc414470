import type { BatchItemResult, BatchResult, EventToSend } from './types';

interface Waiting {
  readonly event: EventToSend & { readonly idempotencyKey: string };
  readonly resolve: (result: BatchItemResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * `enqueue` + `flush`: events wait until `maxBatch` are queued or `lingerMs`
 * passed since the first, then go as one batch request. Batches are sent one
 * after another, so events with the same partition key keep their order.
 */
export class EventBatcher {
  private waiting: Waiting[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private failures: unknown[] = [];

  constructor(
    private readonly sendBatch: (events: readonly (EventToSend & { idempotencyKey: string })[]) => Promise<BatchResult>,
    private readonly maxBatch: number,
    private readonly lingerMs: number,
  ) {}

  /** Resolves with this event's own result once its batch is answered; rejects if the batch request failed. */
  enqueue(event: EventToSend & { readonly idempotencyKey: string }): Promise<BatchItemResult> {
    const result = new Promise<BatchItemResult>((resolve, reject) => this.waiting.push({ event, resolve, reject }));
    // A caller who only awaits flush() must not get an unhandled rejection here; flush() reports the failure.
    result.catch(() => undefined);
    if (this.waiting.length >= this.maxBatch) this.dispatch();
    else this.timer ??= setTimeout(() => this.dispatch(), this.lingerMs);
    return result;
  }

  /** Sends what waits and settles every batch in flight; throws the first failure since the last flush. */
  async flush(): Promise<void> {
    this.dispatch();
    await this.chain;
    const [first] = this.failures;
    this.failures = [];
    if (first !== undefined) throw first;
  }

  private dispatch(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.chain = this.chain.then(async () => {
        try {
          const answer = await this.sendBatch(batch.map((w) => w.event));
          for (const result of answer.results) batch[result.index].resolve(result);
        } catch (error) {
          this.failures.push(error);
          for (const w of batch) w.reject(error);
        }
      });
    }
  }
}
