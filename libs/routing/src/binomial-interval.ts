/**
 * The central interval of a Binomial(n, p) count holding at least `level` of its
 * probability: [lo, hi] with P(X < lo) ≤ (1 − level)/2 and P(X > hi) ≤ (1 − level)/2,
 * from the exact probability mass function (summed in log space with lgamma from
 * Stirling's series, so n in the millions is fine). For n = 5000, p = 0.1, level = 0.99
 * it is [446, 555]; the normal approximation n·p ± z₀.₉₉₅·√(n·p·(1 − p)) gives 445.4–554.6.
 *
 * @throws RangeError naming binomialCentralInterval when n is not a non-negative integer, or p or level is outside [0, 1].
 */
export function binomialCentralInterval(n: number, p: number, level: number): { lo: number; hi: number } {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`binomialCentralInterval: n must be a non-negative integer (got ${n})`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomialCentralInterval: p must be in [0, 1] (got ${p})`);
  if (!(level > 0 && level < 1))
    throw new RangeError(`binomialCentralInterval: level must be in (0, 1) (got ${level})`);
  if (p === 0) return { lo: 0, hi: 0 };
  if (p === 1) return { lo: n, hi: n };
  const tail = (1 - level) / 2;
  const pmf = (k: number) =>
    Math.exp(lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
  let lo = 0;
  for (let below = 0; lo <= n; lo++) {
    const mass = pmf(lo);
    if (below + mass > tail) break;
    below += mass;
  }
  let hi = n;
  for (let above = 0; hi >= 0; hi--) {
    const mass = pmf(hi);
    if (above + mass > tail) break;
    above += mass;
  }
  return { lo, hi };
}

/** ln Γ(x) for x ≥ 1 by Stirling's series with five correction terms (error below 1e-12 for x ≥ 7; smaller x shifted up). */
function lnGamma(x: number): number {
  let shift = 0;
  while (x < 7) {
    shift -= Math.log(x);
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  return shift + (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series;
}
