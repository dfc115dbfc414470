import { invalidInput } from '../agreement/invalid-input';
import type { Alternative } from './binomial-test';
import { logChoose } from './log-choose';

const LOG_RELATIVE_ERROR = Math.log1p(1e-7);

/**
 * Fisher's exact test for a 2 × 2 table [[a, b], [c, d]], conditioning on the
 * margins (hypergeometric distribution of a). The two-sided p-value is R's
 * `fisher.test`: the total probability of tables no more likely than the observed
 * one; 'greater' tests odds ratio > 1 (large a), 'less' odds ratio < 1.
 *
 * @example
 * fisherExactTest([[3, 1], [1, 3]]); // 0.4857 (R, Agresti's tea-tasting example)
 * @throws ValidationError when the table is not 2 × 2 of non-negative integers.
 */
export function fisherExactTest(table: readonly (readonly number[])[], alternative: Alternative = 'two-sided'): number {
  const fn = 'fisherExactTest';
  if (
    !Array.isArray(table as unknown) ||
    table.length !== 2 ||
    table.some((row) => !Array.isArray(row as unknown) || row.length !== 2)
  ) {
    throw invalidInput(fn, 'table', 'must be a 2 × 2 array of counts');
  }
  table.forEach((row, i) =>
    row.forEach((v, j) => {
      if (!Number.isInteger(v) || v < 0) throw invalidInput(fn, `table[${i}][${j}]`, 'must be a non-negative integer');
    }),
  );
  const [[a, b], [c, d]] = table;
  const row1 = a + b;
  const column1 = a + c;
  const total = a + b + c + d;
  const low = Math.max(0, row1 + column1 - total);
  const high = Math.min(row1, column1);
  if (low === high) return 1;
  const logDenominator = logChoose(total, column1);
  const logPmf = (k: number): number => logChoose(row1, k) + logChoose(total - row1, column1 - k) - logDenominator;
  let pValue = 0;
  if (alternative === 'greater') {
    for (let k = a; k <= high; k++) pValue += Math.exp(logPmf(k));
  } else if (alternative === 'less') {
    for (let k = low; k <= a; k++) pValue += Math.exp(logPmf(k));
  } else if (alternative === 'two-sided') {
    const limit = logPmf(a) + LOG_RELATIVE_ERROR;
    for (let k = low; k <= high; k++) {
      const lp = logPmf(k);
      if (lp <= limit) pValue += Math.exp(lp);
    }
  } else {
    throw invalidInput(fn, 'alternative', "must be 'two-sided', 'less' or 'greater'");
  }
  return Math.min(1, pValue);
}
