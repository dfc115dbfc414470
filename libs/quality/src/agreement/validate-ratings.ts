import { invalidInput } from './invalid-input';
import type { Label, RatingMatrix } from './ratings';

export interface RatingsShape {
  /** number of columns (raters) */
  readonly raters: number;
  /** 'number' when every rating is a number, 'string' when every rating is a string, 'none' when all are missing */
  readonly kind: 'number' | 'string' | 'none';
  /** the distinct labels in first-seen order */
  readonly labels: readonly Label[];
}

/**
 * Checks reliability data before a statistic touches it: a non-empty array of
 * rows of equal length (at least `minRaters` columns, exactly `exactRaters`
 * when given), every cell `null`, a finite number or a non-empty string, and all
 * labels of one kind (all numbers or all strings).
 *
 * @example
 * validateRatings('fleissKappa', [[1, 2], [2, null]]); // { raters: 2, kind: 'number', labels: [1, 2] }
 * @throws ValidationError naming `fn` and the offending cell (`ratings[3][1]`) otherwise.
 */
export function validateRatings(
  fn: string,
  ratings: RatingMatrix,
  options: { minRaters?: number; exactRaters?: number } = {},
): RatingsShape {
  if (!Array.isArray(ratings) || ratings.length === 0)
    throw invalidInput(fn, 'ratings', 'must hold at least one unit (row)');
  const first = ratings[0];
  if (!Array.isArray(first)) throw invalidInput(fn, 'ratings[0]', 'must be an array of ratings');
  const raters = first.length;
  if (options.exactRaters !== undefined && raters !== options.exactRaters) {
    throw invalidInput(fn, 'ratings[0]', `must have exactly ${options.exactRaters} raters (columns), got ${raters}`);
  }
  const minRaters = options.minRaters ?? 2;
  if (raters < minRaters)
    throw invalidInput(fn, 'ratings[0]', `must have at least ${minRaters} raters (columns), got ${raters}`);
  let kind: RatingsShape['kind'] = 'none';
  const seen = new Set<Label>();
  const labels: Label[] = [];
  ratings.forEach((row, u) => {
    if (!Array.isArray(row)) throw invalidInput(fn, `ratings[${u}]`, 'must be an array of ratings');
    if (row.length !== raters)
      throw invalidInput(fn, `ratings[${u}]`, `must have ${raters} entries like ratings[0], got ${row.length}`);
    row.forEach((cell, r) => {
      if (cell === null) return;
      const cellKind = typeof cell === 'number' ? 'number' : typeof cell === 'string' ? 'string' : undefined;
      if (cellKind === undefined) throw invalidInput(fn, `ratings[${u}][${r}]`, 'must be null, a number or a string');
      if (cellKind === 'number' && !Number.isFinite(cell))
        throw invalidInput(fn, `ratings[${u}][${r}]`, 'must be a finite number');
      if (cellKind === 'string' && cell === '')
        throw invalidInput(fn, `ratings[${u}][${r}]`, 'must not be an empty string (use null for missing)');
      if (kind === 'none') kind = cellKind;
      else if (kind !== cellKind)
        throw invalidInput(
          fn,
          `ratings[${u}][${r}]`,
          `must be a ${kind} like the earlier ratings (no mixing numbers and strings)`,
        );
      if (!seen.has(cell)) {
        seen.add(cell);
        labels.push(cell);
      }
    });
  });
  return { raters, kind, labels };
}
