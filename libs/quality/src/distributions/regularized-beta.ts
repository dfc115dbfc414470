import { invalidInput } from '../agreement/invalid-input';
import { logGamma } from './log-gamma';

const EPSILON = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

function continuedFraction(a: number, b: number, x: number): number {
  // modified Lentz evaluation of the continued fraction, Numerical Recipes 3rd ed. §6.4
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return h;
}

/**
 * Regularized incomplete beta function I_x(a, b), the CDF of Beta(a, b) at x.
 *
 * @example
 * regularizedBeta(0.5, 2, 2); // 0.5
 * @throws ValidationError when a or b is not positive or x is outside [0, 1].
 */
export function regularizedBeta(x: number, a: number, b: number): number {
  const fn = 'regularizedBeta';
  if (!Number.isFinite(a) || a <= 0) throw invalidInput(fn, 'a', 'must be a positive finite number');
  if (!Number.isFinite(b) || b <= 0) throw invalidInput(fn, 'b', 'must be a positive finite number');
  if (Number.isNaN(x) || x < 0 || x > 1) throw invalidInput(fn, 'x', 'must lie in [0, 1]');
  if (x === 0) return 0;
  if (x === 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(logFront);
  if (x < (a + 1) / (a + b + 2)) return (front * continuedFraction(a, b, x)) / a;
  return 1 - (front * continuedFraction(b, a, 1 - x)) / b;
}
