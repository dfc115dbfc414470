import { HindsightError } from '@hindsight/contracts';

export class RateLimitedError extends HindsightError {
  constructor(
    readonly retryAfterSeconds: number,
    limitPerMinute: number,
  ) {
    super(
      'rate-limited',
      `rate limit of ${limitPerMinute} requests per minute exceeded; retry after ${retryAfterSeconds} s`,
    );
  }
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per API key, refilled continuously at the key's per-minute rate
 * with a burst of one minute's worth. In memory, per api instance: with N
 * replicas a key gets up to N times its rate, which the README states.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes one token or throws RateLimitedError; `now` in milliseconds. */
  take(keyId: string, limitPerMinute: number, now: number): void {
    const perMs = limitPerMinute / 60_000;
    const bucket = this.buckets.get(keyId) ?? { tokens: limitPerMinute, updatedAt: now };
    bucket.tokens = Math.min(limitPerMinute, bucket.tokens + (now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    this.buckets.set(keyId, bucket);
    if (bucket.tokens < 1)
      throw new RateLimitedError(Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)), limitPerMinute);
    bucket.tokens -= 1;
  }
}
