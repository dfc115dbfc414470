import { ValidationError } from '@hindsight/contracts';
import { randomIndex } from '../random/random-index';
import type { Random } from '@hindsight/reward-model';
import { invalidInput } from './invalid-input';
import { quantileSorted } from './quantile-sorted';

export interface BootstrapOptions {
  /** the seeded source of uniform numbers that drives the resampling */
  readonly random: Random;
  /** number of resamples; default 1000 */
  readonly iterations?: number;
  /** coverage of the interval; default 0.95 */
  readonly confidence?: number;
}

/**
 * Percentile bootstrap confidence interval of a statistic over units: draws
 * `iterations` resamples of the units with replacement (same size as the
 * input), evaluates the statistic on each, and returns the (1 − c)/2 and
 * (1 + c)/2 quantiles (Hyndman & Fan definition 7) of the finite results.
 * Resamples on which the statistic is undefined (NaN, or it throws a
 * ValidationError such as "no unit rated by both raters") are skipped; when no
 * resample gives a finite value the interval is [NaN, NaN]. Deterministic for a
 * given `random` state.
 *
 * @example
 * bootstrapInterval(units, (sample) => cohenKappa(sample), { random: mulberry32(1) }); // [low, high]
 * @throws ValidationError when there are no units, iterations is not a positive
 *   integer, or confidence is not strictly between 0 and 1; errors other than
 *   ValidationError thrown by the statistic propagate.
 */
export function bootstrapInterval<T>(
  units: readonly T[],
  statistic: (sample: readonly T[]) => number,
  options: BootstrapOptions,
): [number, number] {
  const fn = 'bootstrapInterval';
  if (units.length === 0) throw invalidInput(fn, 'units', 'must hold at least one unit');
  const iterations = options.iterations ?? 1000;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(iterations) || iterations < 1)
    throw invalidInput(fn, 'options.iterations', 'must be a positive integer');
  if (!(confidence > 0 && confidence < 1))
    throw invalidInput(fn, 'options.confidence', 'must be strictly between 0 and 1');
  if (typeof options.random !== 'function')
    throw invalidInput(fn, 'options.random', 'must be a function returning numbers in [0, 1)');
  const results: number[] = [];
  const sample = new Array<T>(units.length);
  for (let b = 0; b < iterations; b++) {
    for (let i = 0; i < units.length; i++) sample[i] = units[randomIndex(options.random, units.length)];
    let value: number;
    try {
      value = statistic(sample);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      value = Number.NaN;
    }
    if (Number.isFinite(value)) results.push(value);
  }
  if (results.length === 0) return [Number.NaN, Number.NaN];
  results.sort((a, b) => a - b);
  return [quantileSorted(results, (1 - confidence) / 2), quantileSorted(results, (1 + confidence) / 2)];
}
