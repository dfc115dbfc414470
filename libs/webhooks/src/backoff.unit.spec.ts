import { fullJitterDelayMs } from './backoff';

describe('fullJitterDelayMs', () => {
  it('draws uniformly up to base · 2^(attempt−1), capped at the maximum (AWS "Exponential Backoff And Jitter")', () => {
    expect(fullJitterDelayMs(1, 1000, 60_000, () => 0.999)).toBe(999);
    expect(fullJitterDelayMs(3, 1000, 60_000, () => 0.5)).toBe(2000);
    expect(fullJitterDelayMs(10, 1000, 60_000, () => 0.5)).toBe(30_000);
    expect(fullJitterDelayMs(2000, 1000, 60_000, () => 0.5)).toBe(30_000);
    expect(fullJitterDelayMs(5, 1000, 60_000, () => 0)).toBe(0);
  });

  it('refuses an attempt below 1 and a random number outside [0, 1), naming itself', () => {
    expect(() => fullJitterDelayMs(0, 1000, 60_000, Math.random)).toThrow(/fullJitterDelayMs: attempt/);
    expect(() => fullJitterDelayMs(1, 1000, 60_000, () => 1)).toThrow(/fullJitterDelayMs: random/);
  });
});
