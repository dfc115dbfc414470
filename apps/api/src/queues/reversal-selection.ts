import { createHash } from 'node:crypto';

/**
 * Whether a judged assignment comes back to its rater reversed (a reversal
 * check): a fixed pseudo-random draw from its id, below `share`. Deterministic,
 * so a restart or a second api replica makes the same choice, and over many
 * assignments the selected fraction tends to `share`.
 *
 * @example selectedForReversal('asg-1', 1) // true
 * @example selectedForReversal('asg-1', 0) // false
 * @throws RangeError when `share` is not within [0, 1].
 */
export function selectedForReversal(assignmentId: string, share: number): boolean {
  if (!(share >= 0 && share <= 1))
    throw new RangeError(`selectedForReversal: share must be within [0, 1] (got ${share})`);
  if (share === 0) return false;
  if (share === 1) return true;
  const draw = createHash('sha256').update(`reversal:${assignmentId}`).digest().readUInt32BE(0) / 2 ** 32;
  return draw < share;
}

/**
 * The order a reversal check serves: the first assignment's order reversed
 * (for two responses, the other one first).
 *
 * @example reversedOrder(['b', 'a']) // ['a', 'b']
 */
export function reversedOrder(shownOrder: readonly string[]): string[] {
  return [...shownOrder].reverse();
}
