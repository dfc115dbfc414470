import { invalidInput } from '../agreement/invalid-input';
import { chiSquareUpperTail } from './chi-square-upper-tail';

export interface ChiSquareResult {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
}

/**
 * Pearson's chi-square test of independence for an r × c contingency table of
 * counts, without continuity correction (R's `chisq.test(x, correct = FALSE)`).
 * Rows or columns that are entirely zero are dropped before the test.
 *
 * @example
 * chiSquareTest([[36, 45, 25], [51, 38, 13]]); // { statistic: 6.8917, df: 2, pValue: 0.0319 }
 * @throws ValidationError when the table is ragged, holds a negative or non-finite
 *   count, or has fewer than two non-empty rows or columns.
 */
export function chiSquareTest(table: readonly (readonly number[])[]): ChiSquareResult {
  const fn = 'chiSquareTest';
  if (!Array.isArray(table as unknown) || table.length === 0)
    throw invalidInput(fn, 'table', 'must be a non-empty array of rows');
  const width = table[0].length;
  table.forEach((row, i) => {
    if (!Array.isArray(row as unknown) || row.length !== width)
      throw invalidInput(fn, `table[${i}]`, `must have ${width} cells like the first row`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v) || v < 0)
        throw invalidInput(fn, `table[${i}][${j}]`, 'must be a non-negative finite count');
    });
  });
  const rowTotals = table.map((row) => row.reduce((s, v) => s + v, 0));
  const columnTotals = Array.from({ length: width }, (_, j) => table.reduce((s, row) => s + row[j], 0));
  const rows = rowTotals.map((t, i) => (t > 0 ? i : -1)).filter((i) => i >= 0);
  const columns = columnTotals.map((t, j) => (t > 0 ? j : -1)).filter((j) => j >= 0);
  if (rows.length < 2 || columns.length < 2)
    throw invalidInput(fn, 'table', 'must have at least two non-empty rows and two non-empty columns');
  const total = rowTotals.reduce((s, v) => s + v, 0);
  let statistic = 0;
  for (const i of rows) {
    for (const j of columns) {
      const expected = (rowTotals[i] * columnTotals[j]) / total;
      const diff = table[i][j] - expected;
      statistic += (diff * diff) / expected;
    }
  }
  const df = (rows.length - 1) * (columns.length - 1);
  return { statistic, df, pValue: chiSquareUpperTail(statistic, df) };
}
