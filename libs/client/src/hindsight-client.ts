import { randomUUID } from 'node:crypto';
import { HindsightError, ValidationError, type EventType, type FieldIssue } from '@hindsight/contracts';
import { BatchSendError, errorFromResponse } from './errors';
import { EventBatcher } from './event-batcher';
import { HttpTransport, type ApiResponse, type FetchFn } from './http-transport';
import type { AcceptedEvent, BatchItemResult, BatchResult, CallOptions, DataOf, EventToSend } from './types';

/** The api takes at most this many events per batch request. */
export const MAX_BATCH_EVENTS = 1000;

export interface HindsightClientOptions {
  /** The api's base URL, e.g. `https://hindsight.example.com`. */
  readonly baseUrl: string;
  /** A server key (scope `ingest`). */
  readonly apiKey: string;
  /** Retries after the first attempt on network errors, timeouts, 408, 429, 502, 503, 504 (default 5). */
  readonly retries?: number;
  /** Events per batch request, 1 to 1000 (default 500). */
  readonly batchSize?: number;
  /** How long `enqueue` waits for more events before sending a partial batch (default 50 ms). */
  readonly lingerMs?: number;
  /** First retry backoff, doubled per retry (default 200 ms). */
  readonly retryBaseDelayMs?: number;
  /** Longest wait between attempts, Retry-After included (default 30 s). */
  readonly maxRetryDelayMs?: number;
  /** Per attempt (default 30 s); a timed-out attempt is retried with the same idempotency key. */
  readonly timeoutMs?: number;
  /**
   * Request bodies longer than this many bytes are sent gzip-compressed (JSON events shrink about tenfold;
   * worth it beyond a local network). Default: never.
   */
  readonly gzipAboveBytes?: number;
  /** Defaults to the global fetch. */
  readonly fetch?: FetchFn;
  /** For tests: how to wait between attempts. */
  readonly sleep?: (ms: number) => Promise<void>;
}

type Resource = { readonly path: string; readonly type: EventType };
const resources = {
  comparison: { path: '/v1/comparisons', type: 'comparison.recorded' },
  rating: { path: '/v1/ratings', type: 'rating.recorded' },
  rater: { path: '/v1/raters', type: 'rater.profiled' },
  interaction: { path: '/v1/interactions', type: 'interaction.logged' },
  feedback: { path: '/v1/feedback', type: 'feedback.recorded' },
  outcome: { path: '/v1/outcomes', type: 'outcome.recorded' },
} as const satisfies Record<string, Resource>;

/**
 * Node client of the Hindsight api (global fetch, no dependencies). Every call
 * carries an idempotency key, the caller's or a fresh UUID, fixed before the first
 * attempt and reused by every retry, so a retried call yields exactly one event.
 */
export class HindsightClient {
  private readonly http: HttpTransport;
  private readonly batchSize: number;
  private readonly batcher: EventBatcher;

  constructor(options: HindsightClientOptions) {
    const issues: FieldIssue[] = [];
    if (!/^https?:\/\//.test(options.baseUrl ?? '')) issues.push({ path: 'baseUrl', rule: 'must be an http(s) URL' });
    if (!options.apiKey) issues.push({ path: 'apiKey', rule: 'required' });
    const batchSize = options.batchSize ?? 500;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_EVENTS)
      issues.push({ path: 'batchSize', rule: `must be an integer from 1 to ${MAX_BATCH_EVENTS}` });
    const retries = options.retries ?? 5;
    if (!Number.isInteger(retries) || retries < 0)
      issues.push({ path: 'retries', rule: 'must be a non-negative integer' });
    if (issues.length > 0)
      throw new ValidationError(issues, `HindsightClient: ${issues.map((i) => `${i.path}: ${i.rule}`).join('; ')}`);
    this.batchSize = batchSize;
    this.http = new HttpTransport({
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      retries,
      policy: { baseDelayMs: options.retryBaseDelayMs ?? 200, maxDelayMs: options.maxRetryDelayMs ?? 30_000 },
      timeoutMs: options.timeoutMs ?? 30_000,
      gzipAboveBytes: options.gzipAboveBytes,
      fetch: options.fetch ?? ((url, init) => fetch(url, init)),
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: Math.random,
    });
    this.batcher = new EventBatcher((events) => this.sendBatch(events), batchSize, options.lingerMs ?? 50);
  }

  recordComparison(data: DataOf<'comparison.recorded'>, options?: CallOptions): Promise<AcceptedEvent> {
    return this.resource(resources.comparison, data, options);
  }

  recordRating(data: DataOf<'rating.recorded'>, options?: CallOptions): Promise<AcceptedEvent> {
    return this.resource(resources.rating, data, options);
  }

  profileRater(data: DataOf<'rater.profiled'>, options?: CallOptions): Promise<AcceptedEvent> {
    return this.resource(resources.rater, data, options);
  }

  logInteraction(data: DataOf<'interaction.logged'>, options?: CallOptions): Promise<AcceptedEvent> {
    return this.resource(resources.interaction, data, options);
  }

  recordFeedback(data: DataOf<'feedback.recorded'>, options?: CallOptions): Promise<AcceptedEvent> {
    return this.resource(resources.feedback, data, options);
  }

  recordOutcome(data: DataOf<'outcome.recorded'>, options?: CallOptions): Promise<AcceptedEvent> {
    return this.resource(resources.outcome, data, options);
  }

  /** Any event type, as `{type, data, occurredAt?, idempotencyKey?}`. */
  async send(event: EventToSend): Promise<AcceptedEvent> {
    const answer = await this.http.post('/v1/events', withKey(event));
    return accepted(answer);
  }

  /**
   * Many events in requests of at most `batchSize`; one result per event, in the
   * caller's order (rejected items carry their issues, paths indexed into the
   * caller's array). Throws only when a request as a whole fails (`BatchSendError`).
   */
  async sendBatch(events: readonly EventToSend[]): Promise<BatchResult> {
    if (events.length === 0) return { accepted: 0, rejected: 0, results: [] };
    const keyed = events.map(withKey);
    const results: BatchItemResult[] = [];
    for (let offset = 0; offset < keyed.length; offset += this.batchSize) {
      const chunk = keyed.slice(offset, offset + this.batchSize);
      try {
        const answer = await this.http.post('/v1/events/batch', { events: chunk });
        results.push(...chunkResults(answer, chunk, offset));
      } catch (error) {
        // The transport turns network failures into UnavailableError already: anything else is a bug here, not an outage to retry.
        const cause =
          error instanceof HindsightError
            ? error
            : new HindsightError(
                'illegal-state',
                error instanceof Error ? (error.stack ?? error.message) : String(error),
              );
        throw new BatchSendError(
          summary(results),
          keyed.map((e) => e.idempotencyKey),
          cause,
        );
      }
    }
    return summary(results);
  }

  /** Queues an event for a batch (sent at `batchSize` events or after `lingerMs`); resolves with its own result. */
  enqueue(event: EventToSend): Promise<BatchItemResult> {
    return this.batcher.enqueue(withKey(event));
  }

  /** Sends everything queued and waits for it; throws the first batch failure since the last flush. */
  flush(): Promise<void> {
    return this.batcher.flush();
  }

  private async resource(resource: Resource, data: object, options: CallOptions = {}): Promise<AcceptedEvent> {
    const idempotencyKey = options.idempotencyKey ?? randomUUID();
    const occurredAt = options.occurredAt instanceof Date ? options.occurredAt.toISOString() : options.occurredAt;
    const body = occurredAt === undefined ? data : { ...data, occurredAt };
    return accepted(await this.http.post(resource.path, body, { 'idempotency-key': idempotencyKey }));
  }
}

function withKey<E extends EventToSend>(event: E): E & { idempotencyKey: string } {
  return { ...event, idempotencyKey: event.idempotencyKey ?? randomUUID() };
}

function accepted(answer: ApiResponse): AcceptedEvent {
  if (answer.status < 200 || answer.status >= 300)
    throw errorFromResponse(
      answer.status,
      answer.body,
      answer.retryAfterSeconds,
      answer.headers.get('x-request-id') ?? undefined,
    );
  return {
    ...(answer.body as Omit<AcceptedEvent, 'replayed'>),
    replayed: answer.headers.get('idempotent-replayed') === 'true',
  };
}

type ServerItem =
  | ({ index: number; status: 'accepted'; replayed: boolean } & Omit<AcceptedEvent, 'replayed'>)
  | { index: number; status: 'rejected'; issues: FieldIssue[] };

/** A batch answer (202, 207, or 400 with per-item results) with indexes and issue paths moved into the caller's array. */
function chunkResults(
  answer: ApiResponse,
  chunk: readonly { idempotencyKey: string }[],
  offset: number,
): BatchItemResult[] {
  const items = (answer.body as { results?: unknown } | undefined)?.results;
  if (![202, 207, 400].includes(answer.status) || !Array.isArray(items))
    throw errorFromResponse(
      answer.status,
      answer.body,
      answer.retryAfterSeconds,
      answer.headers.get('x-request-id') ?? undefined,
    );
  return (items as ServerItem[]).map((item): BatchItemResult => {
    const index = item.index + offset;
    if (item.status === 'accepted') return { ...item, index };
    const issues = item.issues.map((i) => ({
      path: i.path.replace(/^events\[(\d+)\]/, (_m, n: string) => `events[${Number(n) + offset}]`),
      rule: i.rule,
    }));
    return { index, status: 'rejected', idempotencyKey: chunk[item.index].idempotencyKey, issues };
  });
}

function summary(results: readonly BatchItemResult[]): BatchResult {
  const acceptedCount = results.filter((r) => r.status === 'accepted').length;
  return { accepted: acceptedCount, rejected: results.length - acceptedCount, results };
}
