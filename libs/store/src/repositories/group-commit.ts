/**
 * Group commit: callers hand in items, and one `write` call carries the items of many callers —
 * the way the publisher batches concurrent Kafka sends. At most one write is in flight; items that
 * arrive meanwhile go together in the next one (up to `maxItems` per write), so a lone caller waits
 * for no timer and concurrent callers share one statement instead of one each.
 *
 * With `delayMs` a group is written only once its oldest item has waited that long (or the group is full):
 * for writes off a caller's critical path (answers stored after the reply), where fewer, larger statements
 * leave PostgreSQL and the event loop more time for the writes a caller waits for.
 *
 * `write` returns one result per item, in order. When it throws for a group of several items and
 * `isolate(error)` says so, each item is written again on its own, so one caller's bad item cannot
 * fail the others; otherwise (the database is down: every item would fail the same way) each caller
 * gets the error.
 *
 * @example
 * const inserts = new GroupCommit((rows: Row[]) => insertAll(rows), 1000);
 * await inserts.add(row); // resolves with insertAll's result for this row
 */
export class GroupCommit<I, O> {
  private queue: {
    readonly item: I;
    /** performance.now() when it was added (read only when delayMs > 0). */
    readonly at: number;
    readonly resolve: (out: O) => void;
    readonly reject: (error: unknown) => void;
  }[] = [];
  private writing = false;
  /** Ends the wait of a delayed group early (it filled up). */
  private wake: (() => void) | undefined;

  constructor(
    private readonly write: (items: readonly I[]) => Promise<readonly O[]>,
    private readonly maxItems: number,
    private readonly isolate: (error: unknown) => boolean = () => true,
    private readonly delayMs = 0,
  ) {
    if (!(maxItems >= 1)) throw new RangeError(`GroupCommit: maxItems must be at least 1 (got ${maxItems})`);
    if (!(delayMs >= 0)) throw new RangeError(`GroupCommit: delayMs must not be negative (got ${delayMs})`);
  }

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, at: this.delayMs > 0 ? performance.now() : 0, resolve, reject });
      if (!this.writing) void this.drain();
      else if (this.wake !== undefined && this.queue.length >= this.maxItems) this.wake();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        if (this.delayMs > 0 && this.queue.length < this.maxItems) {
          const wait = this.queue[0].at + this.delayMs - performance.now();
          if (wait > 0)
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, wait);
              this.wake = () => (clearTimeout(timer), resolve());
            });
          this.wake = undefined;
        }
        const group = this.queue.splice(0, this.maxItems);
        try {
          const results = await this.write(group.map((g) => g.item));
          if (results.length !== group.length)
            throw new Error(`GroupCommit: write returned ${results.length} results for ${group.length} items`);
          group.forEach((g, i) => g.resolve(results[i]));
        } catch (error) {
          if (group.length === 1 || !this.isolate(error)) for (const g of group) g.reject(error);
          else await Promise.all(group.map((g) => this.write([g.item]).then(([out]) => g.resolve(out), g.reject)));
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
