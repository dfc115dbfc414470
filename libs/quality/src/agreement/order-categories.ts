import { invalidInput } from './invalid-input';
import type { Label } from './ratings';

/**
 * The categories of a statistic in their order: the explicit `categories` when
 * given (every observed label must be among them), otherwise the observed
 * labels sorted — numbers ascending, strings in code-unit order. When
 * `needsOrder` is set (weighted kappa, ordinal alpha) string labels without an
 * explicit order are refused, because alphabetical order is rarely the scale's.
 *
 * @example
 * orderCategories('cohenKappa', [3, 1, 2]);                       // [1, 2, 3]
 * orderCategories('cohenKappa', ['b', 'a'], ['b', 'a']);          // ['b', 'a']
 * @throws ValidationError when an observed label is missing from `categories`,
 *   `categories` repeats a label, or `needsOrder` meets string labels without `categories`.
 */
export function orderCategories(
  fn: string,
  observed: readonly Label[],
  categories?: readonly Label[],
  needsOrder = false,
): Label[] {
  if (categories !== undefined) {
    if (new Set(categories).size !== categories.length)
      throw invalidInput(fn, 'options.categories', 'must not repeat a category');
    const known = new Set(categories);
    const stray = observed.find((label) => !known.has(label));
    if (stray !== undefined)
      throw invalidInput(fn, 'options.categories', `must include every observed label (missing "${String(stray)}")`);
    return [...categories];
  }
  const distinct = [...new Set(observed)];
  if (distinct.every((label) => typeof label === 'number')) return (distinct as number[]).sort((a, b) => a - b);
  if (needsOrder)
    throw invalidInput(
      fn,
      'options.categories',
      'must give the order of string labels for an ordered (weighted or ordinal) statistic',
    );
  return distinct.map(String).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
