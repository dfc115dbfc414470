import { UnavailableError, ValidationError } from '@hindsight/contracts';
import { ApiUnavailableError, ApiValidationError, HindsightApiError } from './errors';
import { HindsightClient, type HindsightClientOptions } from './hindsight-client';
import type { FetchFn } from './http-transport';

interface Call {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: { idempotencyKey?: string; events?: { idempotencyKey: string }[] } & Record<string, unknown>;
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'network-error';

/** A fetch that records each request and answers from a script (the last answer repeats). */
function scriptedFetch(...answers: Answer[]) {
  const calls: Call[] = [];
  const fetch: FetchFn = async (url, init) => {
    calls.push({ url, headers: init.headers as Record<string, string>, body: JSON.parse(String(init.body)) });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (answer === 'network-error') throw new TypeError('fetch failed');
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: answer.headers,
    });
  };
  return { fetch, calls };
}

const acceptedBody = {
  id: '0190f1b2-0000-7000-8000-000000000000',
  type: 'outcome.recorded',
  subject: { kind: 'interaction', id: 'i-1' },
  idempotencyKey: 'k',
  recordedAt: '2026-03-01T10:00:00.000Z',
};
const outcome = { interactionId: 'i-1', outcome: 'tests-passed', success: true };

function client(fetch: FetchFn, options: Partial<HindsightClientOptions> = {}) {
  const sleeps: number[] = [];
  const c = new HindsightClient({
    baseUrl: 'http://api.test/',
    apiKey: 'hsk_x',
    fetch,
    sleep: async (ms) => void sleeps.push(ms),
    ...options,
  });
  return { c, sleeps };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('HindsightClient retries', () => {
  it('retries a 503 after its Retry-After with the same idempotency key, and reports the replay', async () => {
    const { fetch, calls } = scriptedFetch(
      { status: 503, body: { error: 'unavailable', message: 'kafka', issues: [] }, headers: { 'retry-after': '2' } },
      { status: 202, body: acceptedBody, headers: { 'idempotent-replayed': 'true' } },
    );
    const { c, sleeps } = client(fetch);
    const result = await c.recordOutcome(outcome);
    expect(result.replayed).toBe(true);
    expect(sleeps).toEqual([2000]);
    expect(calls.map((call) => call.url)).toEqual(['http://api.test/v1/outcomes', 'http://api.test/v1/outcomes']);
    expect(calls[0].headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(calls[1].headers['idempotency-key']).toBe(calls[0].headers['idempotency-key']);
    expect(calls[0].headers.authorization).toBe('Bearer hsk_x');
  });

  it("retries network errors with exponential backoff under the cap, keeping the caller's key", async () => {
    const { fetch, calls } = scriptedFetch('network-error', 'network-error', 'network-error', {
      status: 202,
      body: acceptedBody,
    });
    const { c, sleeps } = client(fetch, { retryBaseDelayMs: 100, maxRetryDelayMs: 300 });
    await c.recordOutcome(outcome, { idempotencyKey: 'mine-1' });
    expect(calls.map((call) => call.headers['idempotency-key'])).toEqual(['mine-1', 'mine-1', 'mine-1', 'mine-1']);
    // Equal jitter: retry n waits between half and all of min(cap, base * 2^n).
    expect(sleeps).toHaveLength(3);
    [100, 200, 300].forEach((ceiling, i) => {
      expect(sleeps[i]).toBeGreaterThanOrEqual(ceiling / 2);
      expect(sleeps[i]).toBeLessThanOrEqual(ceiling);
    });
  });

  it('gives up after `retries` retries: UnavailableError for no answer, HindsightApiError for 429', async () => {
    const down = scriptedFetch('network-error');
    const error = await caught(client(down.fetch, { retries: 2 }).c.recordOutcome(outcome));
    expect(error).toBeInstanceOf(UnavailableError);
    expect(down.calls).toHaveLength(3);

    const limited = scriptedFetch({
      status: 429,
      body: { error: 'rate-limited', message: 'slow down', issues: [] },
      headers: { 'retry-after': '1' },
    });
    const refusal = await caught(client(limited.fetch, { retries: 1 }).c.recordOutcome(outcome));
    expect(refusal).toBeInstanceOf(HindsightApiError);
    expect(refusal).toMatchObject({ status: 429, code: 'rate-limited' });
    expect(limited.calls).toHaveLength(2);
  });

  it('throws a 400 at once as a ValidationError naming the field', async () => {
    const { fetch, calls } = scriptedFetch({
      status: 400,
      body: {
        error: 'validation',
        message: 'data.outcome: required',
        issues: [{ path: 'data.outcome', rule: 'required' }],
      },
    });
    const error = await caught(client(fetch).c.recordOutcome(outcome));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toBeInstanceOf(ApiValidationError);
    expect(error).toMatchObject({ status: 400, issues: [{ path: 'data.outcome', rule: 'required' }] });
    expect(calls).toHaveLength(1);
  });

  it("names the api's request id in every error of an answer: from the body, else from X-Request-Id", async () => {
    const refused = scriptedFetch({
      status: 409,
      body: { error: 'conflict', message: 'key already used', issues: [], requestId: 'req-body' },
      headers: { 'x-request-id': 'req-header' },
    });
    const conflict = await caught(client(refused.fetch).c.recordOutcome(outcome));
    expect(conflict).toBeInstanceOf(HindsightApiError);
    expect(conflict).toMatchObject({ requestId: 'req-body', message: '409 key already used (request req-body)' });

    const invalid = scriptedFetch({
      status: 400,
      body: { error: 'validation', message: 'bad', issues: [{ path: 'data.outcome', rule: 'required' }] },
      headers: { 'x-request-id': 'req-400' },
    });
    expect(await caught(client(invalid.fetch).c.recordOutcome(outcome))).toMatchObject({
      requestId: 'req-400',
      issues: [{ path: 'data.outcome', rule: 'required' }],
    });

    const down = scriptedFetch({
      status: 503,
      body: { error: 'unavailable', message: 'kafka' },
      headers: { 'x-request-id': 'req-503' },
    });
    const unavailable = await caught(client(down.fetch, { retries: 0 }).c.recordOutcome(outcome));
    expect(unavailable).toBeInstanceOf(UnavailableError);
    expect(unavailable).toBeInstanceOf(ApiUnavailableError);
    expect(unavailable).toMatchObject({ requestId: 'req-503', message: '503 kafka (request req-503)' });

    const bare = scriptedFetch({ status: 404, body: { error: 'not-found', message: 'no such run' } });
    const missing = (await caught(client(bare.fetch).c.recordOutcome(outcome))) as HindsightApiError;
    expect(missing.requestId).toBeUndefined();
    expect(missing.message).toBe('404 no such run');
  });

  it('refuses bad options, naming the option', () => {
    expect(() => new HindsightClient({ baseUrl: 'api.test', apiKey: 'k', batchSize: 1001 })).toThrow(
      /baseUrl: must be an http\(s\) URL; batchSize: must be an integer from 1 to 1000/,
    );
  });
});

describe('HindsightClient batches', () => {
  const event = (i: number) => ({
    type: 'outcome.recorded' as const,
    data: { interactionId: `i-${i}`, outcome: 'tests-passed', success: true },
  });

  /** Answers each batch request item by item: rejects the items whose interaction id is in `bad`. */
  function batchFetch(bad: Set<string> = new Set()) {
    const calls: Call[] = [];
    const fetch: FetchFn = async (url, init) => {
      const body = JSON.parse(String(init.body)) as {
        events: { idempotencyKey: string; data: { interactionId: string } }[];
      };
      calls.push({ url, headers: init.headers as Record<string, string>, body });
      const results = body.events.map((e, index) =>
        bad.has(e.data.interactionId)
          ? { index, status: 'rejected', issues: [{ path: `events[${index}].data.outcome`, rule: 'required' }] }
          : { index, status: 'accepted', replayed: false, ...acceptedBody, idempotencyKey: e.idempotencyKey },
      );
      const rejected = results.filter((r) => r.status === 'rejected').length;
      return new Response(JSON.stringify({ accepted: results.length - rejected, rejected, results }), {
        status: rejected === 0 ? 202 : 207,
      });
    };
    return { fetch, calls };
  }

  it("splits sendBatch into requests of batchSize and answers per item in the caller's order, with paths into the caller's array", async () => {
    const { fetch, calls } = batchFetch(new Set(['i-3']));
    const result = await client(fetch, { batchSize: 2 }).c.sendBatch([0, 1, 2, 3, 4].map(event));
    expect(calls.map((call) => call.body.events?.length)).toEqual([2, 2, 1]);
    expect(result.accepted).toBe(4);
    expect(result.rejected).toBe(1);
    expect(result.results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(result.results[3]).toMatchObject({
      status: 'rejected',
      issues: [{ path: 'events[3].data.outcome', rule: 'required' }],
    });
    const keys = calls.flatMap((call) => call.body.events!.map((e) => e.idempotencyKey));
    expect(new Set(keys).size).toBe(5);
  });

  it('enqueue sends a full batch at once and the rest on flush, resolving each event with its own result', async () => {
    const { fetch, calls } = batchFetch();
    const { c } = client(fetch, { batchSize: 3, lingerMs: 60_000 });
    const pending = [0, 1, 2, 3].map((i) => c.enqueue(event(i)));
    await pending[2];
    expect(calls.map((call) => call.body.events?.length)).toEqual([3]);
    await c.flush();
    expect(calls.map((call) => call.body.events?.length)).toEqual([3, 1]);
    const results = await Promise.all(pending);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    expect(results.map((r) => r.idempotencyKey)).toEqual(
      calls.flatMap((call) => call.body.events!.map((e) => e.idempotencyKey)),
    );
  });

  it('enqueue sends after the linger without a flush', async () => {
    const { fetch, calls } = batchFetch();
    const { c } = client(fetch, { batchSize: 100, lingerMs: 5 });
    const result = await c.enqueue(event(1));
    expect(result.status).toBe('accepted');
    expect(calls).toHaveLength(1);
  });

  it('flush reports a failed batch once, and its enqueued events reject', async () => {
    const { fetch } = scriptedFetch({ status: 403, body: { error: 'forbidden', message: 'no', issues: [] } });
    const { c } = client(fetch, { lingerMs: 60_000 });
    const pending = c.enqueue(event(1));
    const error = await caught(c.flush());
    expect(error).toMatchObject({ code: 'forbidden' });
    expect(await caught(pending)).toMatchObject({ code: 'forbidden' });
    await expect(c.flush()).resolves.toBeUndefined();
  });
});
