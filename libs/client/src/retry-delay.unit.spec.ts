import { parseRetryAfter, retryDelayMs } from './retry-delay';

describe('retryDelayMs', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1000 };

  it('doubles per attempt up to the cap, with equal jitter (half fixed, half random)', () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => retryDelayMs(n, undefined, policy, () => 1))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect([0, 1, 2, 3, 4].map((n) => retryDelayMs(n, undefined, policy, () => 0))).toEqual([50, 100, 200, 400, 500]);
  });

  it('uses Retry-After when the server sent one, capped', () => {
    expect(retryDelayMs(0, 0.5, policy, () => 0)).toBe(500);
    expect(retryDelayMs(3, 60, policy, () => 0)).toBe(1000);
  });
});

describe('parseRetryAfter (RFC 9110 §10.2.3)', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('5', now)).toBe(5);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
