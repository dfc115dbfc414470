import { invalidInput } from '../agreement/invalid-input';
import { logGamma } from './log-gamma';

const EPSILON = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

function series(a: number, x: number): number {
  let ap = a;
  let term = 1 / a;
  let sum = term;
  for (let n = 0; n < MAX_ITERATIONS; n++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function continuedFraction(a: number, x: number): number {
  // modified Lentz, Numerical Recipes 3rd ed. §6.2
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

function guard(fn: string, a: number, x: number): void {
  if (!Number.isFinite(a) || a <= 0) throw invalidInput(fn, 'a', 'must be a positive finite number');
  if (Number.isNaN(x) || x < 0) throw invalidInput(fn, 'x', 'must be a non-negative number');
}

/**
 * Lower regularized incomplete gamma function P(a, x) = γ(a, x) / Γ(a), by series
 * for x < a + 1 and by continued fraction otherwise.
 *
 * @example
 * regularizedGammaP(1, 1); // ≈ 1 − e^−1 = 0.6321205588
 * @throws ValidationError when a ≤ 0 or x < 0.
 */
export function regularizedGammaP(a: number, x: number): number {
  guard('regularizedGammaP', a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? series(a, x) : 1 - continuedFraction(a, x);
}

/**
 * Upper regularized incomplete gamma function Q(a, x) = 1 − P(a, x), computed
 * directly in the upper tail so that small values keep their precision.
 *
 * @example
 * regularizedGammaQ(1, 1); // ≈ e^−1 = 0.3678794412
 * @throws ValidationError when a ≤ 0 or x < 0.
 */
export function regularizedGammaQ(a: number, x: number): number {
  guard('regularizedGammaQ', a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - series(a, x) : continuedFraction(a, x);
}
