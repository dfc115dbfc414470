/**
 * The wait before attempt `attempt + 1` after attempt `attempt` failed:
 * exponential backoff with full jitter, uniform in [0, min(maxMs, baseMs · 2^(attempt−1))].
 * Full jitter spreads the retries of many deliveries that failed together
 * (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015).
 *
 * @example fullJitterDelayMs(3, 1000, 60000, () => 0.5) // 2000 (half of 4000)
 * @throws RangeError naming the function when `attempt` < 1 or `random()` is outside [0, 1).
 */
export function fullJitterDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  if (!Number.isInteger(attempt) || attempt < 1)
    throw new RangeError(`fullJitterDelayMs: attempt must be an integer >= 1 (got ${attempt})`);
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError(`fullJitterDelayMs: random() must be in [0, 1) (got ${r})`);
  // 2^(attempt−1) overflows to Infinity for large attempts; min() caps it.
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.floor(r * ceiling);
}
