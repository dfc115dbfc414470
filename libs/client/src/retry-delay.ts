export interface RetryPolicy {
  /** First backoff, doubled per attempt. */
  readonly baseDelayMs: number;
  /** No wait is longer, Retry-After included. */
  readonly maxDelayMs: number;
}

/**
 * How long to wait before retry number `attempt` (0 for the first retry): the
 * server's Retry-After when it sent one, else an exponential backoff with
 * "equal jitter" (half fixed, half random, so clients that failed together do
 * not retry together), never more than `maxDelayMs`.
 *
 * @example retryDelayMs(2, undefined, { baseDelayMs: 100, maxDelayMs: 10_000 }, () => 1) // 400
 * @example retryDelayMs(0, 3, { baseDelayMs: 100, maxDelayMs: 10_000 }, Math.random) // 3000
 */
export function retryDelayMs(
  attempt: number,
  retryAfterSeconds: number | undefined,
  policy: RetryPolicy,
  random: () => number,
): number {
  if (retryAfterSeconds !== undefined) return Math.min(policy.maxDelayMs, retryAfterSeconds * 1000);
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(backoff / 2 + (backoff / 2) * random());
}

/** Retry-After as seconds (delta-seconds or an HTTP date, RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
