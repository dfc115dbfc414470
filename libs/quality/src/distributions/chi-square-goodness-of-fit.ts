import { invalidInput } from '../agreement/invalid-input';
import type { ChiSquareResult } from './chi-square-test';
import { chiSquareUpperTail } from './chi-square-upper-tail';

/**
 * Pearson's chi-square goodness-of-fit test of observed counts against expected
 * shares (rescaled to sum to one), R's `chisq.test(x, p = shares, rescale.p = TRUE)`.
 *
 * @example
 * chiSquareGoodnessOfFit([20, 15, 25], [1, 1, 1]); // { statistic: 2.5, df: 2, pValue: 0.2865 }
 * @throws ValidationError when the arrays differ in length or have fewer than two
 *   cells, a count is negative, a share is not positive, or all counts are zero.
 */
export function chiSquareGoodnessOfFit(
  observed: readonly number[],
  expectedShares: readonly number[],
): ChiSquareResult {
  const fn = 'chiSquareGoodnessOfFit';
  if (!Array.isArray(observed) || observed.length < 2)
    throw invalidInput(fn, 'observed', 'must hold at least two counts');
  if (!Array.isArray(expectedShares) || expectedShares.length !== observed.length)
    throw invalidInput(fn, 'expectedShares', 'must have one share per observed count');
  observed.forEach((v, i) => {
    if (!Number.isFinite(v) || v < 0) throw invalidInput(fn, `observed[${i}]`, 'must be a non-negative finite count');
  });
  expectedShares.forEach((v, i) => {
    if (!Number.isFinite(v) || v <= 0)
      throw invalidInput(fn, `expectedShares[${i}]`, 'must be a positive finite number');
  });
  const total = observed.reduce((s, v) => s + v, 0);
  if (total === 0) throw invalidInput(fn, 'observed', 'must not be all zero');
  const shareTotal = expectedShares.reduce((s, v) => s + v, 0);
  let statistic = 0;
  observed.forEach((o, i) => {
    const expected = (total * expectedShares[i]) / shareTotal;
    statistic += ((o - expected) * (o - expected)) / expected;
  });
  const df = observed.length - 1;
  return { statistic, df, pValue: chiSquareUpperTail(statistic, df) };
}
