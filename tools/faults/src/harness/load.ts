import { randomBytes } from 'node:crypto';
import { exampleEventInputs } from '@hindsight/contracts';
import { sleep } from './teardown';

/** One request of the load and what came back. */
export interface LoadRecord {
  readonly idempotencyKey: string;
  readonly startedAt: number;
  readonly endedAt: number;
  /** HTTP status; 0 when no answer came (connection error or the client's timeout). */
  readonly status: number;
  /** The event id of a 202. */
  readonly id?: string;
  readonly retryAfter: string | null;
  readonly error?: string;
}

export interface LoadOptions {
  readonly apiUrl: string;
  readonly key: string;
  /** Requests in flight at most. */
  readonly workers: number;
  /** Upper bound of requests per second, all workers together. */
  readonly ratePerSecond: number;
  /** A request without an answer after this long counts as unanswered. */
  readonly requestTimeoutMs?: number;
  /** Stops by itself after this many requests. */
  readonly maxRequests?: number;
}

/** A comparison as a client sends one, with its own idempotency key and task. */
export function comparisonBody(idempotencyKey: string, task: number): Record<string, unknown> {
  const input = structuredClone(exampleEventInputs['comparison.recorded']) as unknown as {
    occurredAt?: string;
    data: Record<string, unknown>;
  };
  delete input.occurredAt;
  delete input.data.assignmentId;
  delete input.data.queueId;
  return { ...input, idempotencyKey, data: { ...input.data, taskId: `task-${task}`, raterId: `rater-${task % 17}` } };
}

/**
 * A bounded load of single `POST /v1/events` comparisons, each with a fresh
 * idempotency key, recording every request and every answer (202 with its id, 4xx,
 * 503, none). Runs until `stop()` or `maxRequests`.
 */
export class LoadGenerator {
  readonly records: LoadRecord[] = [];
  private stopped = false;
  private sent = 0;
  private nextSlot = 0;
  private running: Promise<void> | undefined;
  private readonly prefix = `faults-${randomBytes(4).toString('hex')}`;

  constructor(private readonly options: LoadOptions) {}

  start(): void {
    this.nextSlot = Date.now();
    this.running = Promise.all(Array.from({ length: this.options.workers }, () => this.worker())).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  get accepted(): number {
    return this.records.filter((r) => r.status === 202).length;
  }

  /** Answers since `since` (ms epoch) with this status. */
  countSince(since: number, status: number): number {
    return this.records.filter((r) => r.startedAt >= since && r.status === status).length;
  }

  private async worker(): Promise<void> {
    const { apiUrl, key, ratePerSecond, requestTimeoutMs = 30_000, maxRequests = Infinity } = this.options;
    while (!this.stopped && this.sent < maxRequests) {
      const slot = this.nextSlot;
      this.nextSlot = Math.max(Date.now(), slot) + 1000 / ratePerSecond;
      if (slot > Date.now()) await sleep(slot - Date.now());
      if (this.stopped) return;
      const n = this.sent++;
      const idempotencyKey = `${this.prefix}-${n}`;
      const startedAt = Date.now();
      try {
        const response = await fetch(`${apiUrl}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify(comparisonBody(idempotencyKey, n)),
          signal: AbortSignal.timeout(requestTimeoutMs),
        });
        const text = await response.text();
        let id: string | undefined;
        if (response.status === 202) id = (JSON.parse(text) as { id: string }).id;
        this.records.push({
          idempotencyKey,
          startedAt,
          endedAt: Date.now(),
          status: response.status,
          id,
          retryAfter: response.headers.get('retry-after'),
          error: response.status >= 400 ? text.slice(0, 200) : undefined,
        });
      } catch (error) {
        this.records.push({
          idempotencyKey,
          startedAt,
          endedAt: Date.now(),
          status: 0,
          retryAfter: null,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}

/** Status → count, for progress lines and reports. */
export function statusCounts(records: readonly LoadRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) counts[String(r.status)] = (counts[String(r.status)] ?? 0) + 1;
  return counts;
}

/**
 * A stream of `total` comparisons sent fast through `POST /v1/events/batch`
 * (`batchSize` per request, `concurrency` requests in flight); one record per event,
 * with the item's own answer (202 with id when accepted) or the request's status.
 */
export async function sendBatches(
  apiUrl: string,
  key: string,
  total: number,
  say: (line: string) => void,
  batchSize = 1000,
  concurrency = 2,
  maxAttempts = 10,
): Promise<LoadRecord[]> {
  const prefix = `faults-${randomBytes(4).toString('hex')}`;
  const records: LoadRecord[] = [];
  let retried = 0;
  let next = 0;
  let lastSaid = Date.now();
  const started = Date.now();
  const worker = async () => {
    while (next < total) {
      const from = next;
      const to = Math.min(total, from + batchSize);
      next = to;
      const keys = Array.from({ length: to - from }, (_, i) => `${prefix}-${from + i}`);
      // A refused or unanswered batch is sent again with the same keys, as a client would: idempotency makes it safe.
      for (let attempt = 1; ; attempt++) {
        const answers = await sendBatch(apiUrl, key, keys, from);
        const retry = answers.some((a) => a.status === 503 || a.status === 0) && attempt < maxAttempts;
        if (!retry) {
          records.push(...answers);
          break;
        }
        retried++;
        await sleep(Math.max(1, Number(answers[0].retryAfter) || 1) * 1000);
      }
      if (Date.now() - lastSaid > 5000) {
        lastSaid = Date.now();
        say(
          `sent ${records.length.toLocaleString('en-US')}/${total.toLocaleString('en-US')} events through the batch route`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (Date.now() - started) / 1000;
  say(
    `sent ${total.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)} events/s, ${retried} batches sent again after a 503); answers ${JSON.stringify(statusCounts(records))}`,
  );
  return records;
}

async function sendBatch(apiUrl: string, key: string, keys: readonly string[], from: number): Promise<LoadRecord[]> {
  const startedAt = Date.now();
  try {
    const response = await fetch(`${apiUrl}/v1/events/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ events: keys.map((k, i) => comparisonBody(k, from + i)) }),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    const endedAt = Date.now();
    const retryAfter = response.headers.get('retry-after');
    if (response.status === 202 || response.status === 207) {
      const results = (JSON.parse(text) as { results: Array<{ index: number; status: string; id?: string }> }).results;
      return results.map((item) => ({
        idempotencyKey: keys[item.index],
        startedAt,
        endedAt,
        status: item.status === 'accepted' ? 202 : 400,
        id: item.id,
        retryAfter,
      }));
    }
    return keys.map((k) => ({
      idempotencyKey: k,
      startedAt,
      endedAt,
      status: response.status,
      retryAfter,
      error: text.slice(0, 200),
    }));
  } catch (error) {
    return keys.map((k) => ({
      idempotencyKey: k,
      startedAt,
      endedAt: Date.now(),
      status: 0,
      retryAfter: null,
      error: error instanceof Error ? error.message : String(error),
    }));
  }
}
