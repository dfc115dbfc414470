import { RateLimitedError, RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a minute of burst, then refuses with a Retry-After until tokens refill', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 60; i++) limiter.take('k', 60, 0);
    let refused: RateLimitedError | undefined;
    try {
      limiter.take('k', 60, 0);
    } catch (error) {
      refused = error as RateLimitedError;
    }
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(refused?.retryAfterSeconds).toBe(1);
    expect(() => limiter.take('k', 60, 1000)).not.toThrow();
    expect(() => limiter.take('k', 60, 1000)).toThrow(RateLimitedError);
  });

  it('keeps keys apart', () => {
    const limiter = new RateLimiter();
    limiter.take('a', 1, 0);
    expect(() => limiter.take('a', 1, 0)).toThrow(RateLimitedError);
    expect(() => limiter.take('b', 1, 0)).not.toThrow();
  });
});
