import { invalidInput } from '../agreement/invalid-input';
import type { Label } from '../agreement/ratings';
import { readTable } from './read-table';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads wide reliability data: the header names the raters, each further line is
 * a unit, an empty cell is a missing rating. When every non-empty cell is a
 * number the ratings are numbers (so ordinal, interval and ratio statistics
 * work), otherwise they stay strings.
 *
 * @example
 * parseRatingsCsv('alice,bob\n1,2\n3,\n');
 * // { raters: ['alice', 'bob'], ratings: [[1, 2], [3, null]] }
 * @throws ValidationError when there is no header or no unit, a header name is
 *   empty or repeated, or a line has a different number of cells than the header.
 */
export function parseRatingsCsv(text: string): { raters: string[]; ratings: (Label | null)[][] } {
  const fn = 'parseRatingsCsv';
  const { header, rows } = readTable(fn, text);
  if (rows.length === 0) throw invalidInput(fn, 'csv', 'must have at least one unit (data row)');
  const cells = rows.flatMap((row) => row.cells).filter((cell) => cell !== '');
  const numeric = cells.length > 0 && cells.every((cell) => NUMBER.test(cell));
  return {
    raters: header,
    ratings: rows.map((row) => row.cells.map((cell) => (cell === '' ? null : numeric ? Number(cell) : cell))),
  };
}
