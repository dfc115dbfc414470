import { ValidationError } from '@hindsight/contracts';

export interface LbfgsOptions {
  /** Most quasi-Newton iterations. */
  readonly maxIterations: number;
  /** Correction pairs kept (the "m" of L-BFGS). Default 10. */
  readonly memory?: number;
  /** Stop when max |∂f/∂xⱼ| ≤ this. Default 1e-8. */
  readonly gradientTolerance?: number;
  /** Stop when (f_prev − f) / max(|f_prev|, |f|, 1) ≤ this. Default 1e-14. */
  readonly functionTolerance?: number;
  /** Called after each iteration with its number (from 1) and f. */
  readonly onIteration?: (iteration: number, value: number, x: Float64Array) => void;
}

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly evaluations: number;
  /** True when a tolerance was met, false when iterations ran out or the line search could not progress. */
  readonly converged: boolean;
}

/**
 * Minimises a smooth function with limited-memory BFGS (Nocedal & Wright,
 * "Numerical Optimization", 2nd ed., Algorithm 7.4 two-loop recursion) and a
 * weak Wolfe line search by bracketing and bisection (Lewis & Overton 2013),
 * which keeps every accepted step's sᵀy > 0. Deterministic.
 * `objective(x, gradient)` returns f(x) and writes ∇f(x) into `gradient`.
 *
 * @example minimizeLbfgs((x, g) => { g[0] = 2 * (x[0] - 3); return (x[0] - 3) ** 2; }, Float64Array.of(0), { maxIterations: 50 }).x // ≈ [3]
 * @throws ValidationError when `maxIterations` is not a positive integer or f(initial) is not finite.
 */
export function minimizeLbfgs(
  objective: (x: Float64Array, gradient: Float64Array) => number,
  initial: Float64Array,
  options: LbfgsOptions,
): LbfgsResult {
  const { maxIterations, memory = 10, gradientTolerance = 1e-8, functionTolerance = 1e-14, onIteration } = options;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new ValidationError([{ path: 'maxIterations', rule: 'minimizeLbfgs: positive integer' }]);
  }
  const n = initial.length;
  let x = Float64Array.from(initial);
  let g = new Float64Array(n);
  let f = objective(x, g);
  let evaluations = 1;
  if (!Number.isFinite(f))
    throw new ValidationError([{ path: 'initial', rule: 'minimizeLbfgs: objective is not finite' }]);

  const sHistory: Float64Array[] = [];
  const yHistory: Float64Array[] = [];
  const rhoHistory: number[] = [];
  const alpha = new Float64Array(memory);
  const direction = new Float64Array(n);
  let candidate = new Float64Array(n);
  let candidateGradient = new Float64Array(n);
  let iterations = 0;
  let converged = maxAbs(g) <= gradientTolerance;

  while (!converged && iterations < maxIterations) {
    // Two-loop recursion: direction = −H∇f.
    for (let j = 0; j < n; j++) direction[j] = -g[j];
    for (let k = sHistory.length - 1; k >= 0; k--) {
      alpha[k] = rhoHistory[k] * dot(sHistory[k], direction);
      axpy(-alpha[k], yHistory[k], direction);
    }
    if (sHistory.length > 0) {
      const last = sHistory.length - 1;
      const gamma = dot(sHistory[last], yHistory[last]) / dot(yHistory[last], yHistory[last]);
      for (let j = 0; j < n; j++) direction[j] *= gamma;
    }
    for (let k = 0; k < sHistory.length; k++) {
      const beta = rhoHistory[k] * dot(yHistory[k], direction);
      axpy(alpha[k] - beta, sHistory[k], direction);
    }
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      sHistory.length = yHistory.length = rhoHistory.length = 0;
      for (let j = 0; j < n; j++) direction[j] = -g[j];
      slope = dot(g, direction);
    }

    // Weak Wolfe line search: sufficient decrease (c1) and curvature (c2).
    const c1 = 1e-4;
    const c2 = 0.9;
    let step = sHistory.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let low = 0;
    let high = Infinity;
    let accepted = false;
    let fNew = f;
    for (let trial = 0; trial < 60; trial++) {
      for (let j = 0; j < n; j++) candidate[j] = x[j] + step * direction[j];
      fNew = objective(candidate, candidateGradient);
      evaluations++;
      if (!(fNew <= f + c1 * step * slope)) {
        high = step;
      } else if (dot(candidateGradient, direction) < c2 * slope) {
        low = step;
      } else {
        accepted = true;
        break;
      }
      step = high < Infinity ? (low + high) / 2 : 2 * low;
    }
    if (!accepted) break;

    iterations++;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      s[j] = candidate[j] - x[j];
      y[j] = candidateGradient[j] - g[j];
    }
    const sy = dot(s, y);
    if (sy > 0) {
      if (sHistory.length === memory) {
        sHistory.shift();
        yHistory.shift();
        rhoHistory.shift();
      }
      sHistory.push(s);
      yHistory.push(y);
      rhoHistory.push(1 / sy);
    }
    [x, candidate] = [candidate, x];
    [g, candidateGradient] = [candidateGradient, g];
    const previous = f;
    f = fNew;
    onIteration?.(iterations, f, x);
    converged =
      maxAbs(g) <= gradientTolerance ||
      (previous - f) / Math.max(Math.abs(previous), Math.abs(f), 1) <= functionTolerance;
  }
  return { x, value: f, iterations, evaluations, converged };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j] * b[j];
  return sum;
}

function axpy(scale: number, from: Float64Array, into: Float64Array): void {
  for (let j = 0; j < from.length; j++) into[j] += scale * from[j];
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let j = 0; j < a.length; j++) max = Math.max(max, Math.abs(a[j]));
  return max;
}
