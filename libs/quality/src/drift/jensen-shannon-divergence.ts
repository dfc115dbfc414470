import { invalidInput } from '../agreement/invalid-input';

/**
 * The Jensen–Shannon divergence between two discrete distributions given as
 * counts or probabilities over the same categories (each is normalised first):
 * JSD(P, Q) = ½·KL(P‖M) + ½·KL(Q‖M) with M = ½(P + Q), where terms with a zero
 * probability contribute 0 (Lin 1991, "Divergence measures based on the Shannon
 * entropy", IEEE Trans. Inf. Theory 37(1)). It is symmetric, finite even where
 * one side has zeros the other has not, and lies in [0, log_base 2]: in bits
 * (base 2, the default) 0 for identical distributions and 1 for disjoint ones.
 * SciPy's `scipy.spatial.distance.jensenshannon` returns the square root of this
 * value (the Jensen–Shannon distance), with the natural log by default.
 *
 * @example
 * jensenShannonDivergence([1, 0, 0], [0, 1, 0]); // 1
 * jensenShannonDivergence([3, 1], [3, 1]); // 0
 * Math.sqrt(jensenShannonDivergence([1, 0], [0.5, 0.5], Math.E)); // ≈ 0.46450140402245893, SciPy's jensenshannon([1, 0], [0.5, 0.5])
 * @throws ValidationError when the vectors are empty or of different lengths,
 *   hold a negative or non-finite entry, or sum to zero (or overflow); or when `base` is not a
 *   finite number above 0 other than 1.
 */
export function jensenShannonDivergence(p: ArrayLike<number>, q: ArrayLike<number>, base = 2): number {
  const fn = 'jensenShannonDivergence';
  if (!Number.isFinite(base) || base <= 0 || base === 1)
    throw invalidInput(fn, 'base', 'must be a finite number above 0 other than 1');
  if (p.length !== q.length) throw invalidInput(fn, 'q', `must have the length of p (${p.length}), got ${q.length}`);
  const totalP = totalOf(fn, 'p', p);
  const totalQ = totalOf(fn, 'q', q);
  let nats = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] / totalP;
    const qi = q[i] / totalQ;
    const mi = (pi + qi) / 2;
    // 0·log(0/m) = 0 by continuity; m > 0 wherever either side is positive.
    if (pi > 0) nats += pi * Math.log(pi / mi);
    if (qi > 0) nats += qi * Math.log(qi / mi);
  }
  // Rounding may step a hair outside the bounds (a negative zero-ish sum for
  // near-identical inputs, just above ln 2 for disjoint ones); clamp so callers
  // comparing against a threshold of 1 bit see the mathematical range.
  return Math.min(Math.max(nats / 2, 0), Math.LN2) / Math.log(base);
}

function totalOf(fn: string, name: string, v: ArrayLike<number>): number {
  if (v.length === 0) throw invalidInput(fn, name, 'must not be empty');
  let total = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isFinite(x) || x < 0) throw invalidInput(fn, `${name}[${i}]`, 'must be a finite number >= 0');
    total += x;
  }
  if (total === 0) throw invalidInput(fn, name, 'must not be all zeros');
  if (!Number.isFinite(total)) throw invalidInput(fn, name, 'must sum to a finite number');
  return total;
}
