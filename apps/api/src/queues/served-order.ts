import type { RandomSource } from './random-source';

/**
 * A uniformly random permutation (Fisher–Yates), drawing from `random`.
 *
 * @example shuffle(['a', 'b', 'c'], pinned) // e.g. ['c', 'a', 'b']
 */
export function shuffle<T>(items: readonly T[], random: RandomSource): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * `items` rotated left by `steps` (modulo the length).
 *
 * @example rotate(['a', 'b', 'c'], 1) // ['b', 'c', 'a']
 * @throws RangeError when `steps` is negative or not an integer.
 */
export function rotate<T>(items: readonly T[], steps: number): T[] {
  if (!Number.isInteger(steps) || steps < 0)
    throw new RangeError(`rotate: steps must be a non-negative integer (got ${steps})`);
  if (items.length === 0) return [];
  const k = steps % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

export interface ServedOrderInput {
  /** The task's response ids, in the order they were enqueued. */
  readonly responseIds: readonly string[];
  /** The rater's slot on the task: 1 for the first rater, 2 for the second, … */
  readonly ordinal: number;
  readonly counterbalance: boolean;
  /** The order the task's first rater got (counterbalanced queues; absent for the first rater). */
  readonly baseOrder: readonly string[] | null;
}

export interface ServedOrder {
  readonly shownOrder: string[];
  /** The order to keep on the task for later raters; null when nothing needs storing. */
  readonly baseOrder: string[] | null;
}

/**
 * The order in which a rater is shown a task's responses.
 *
 * Without counterbalancing every rater gets an independent random permutation.
 * With it, the task's first rater gets a random permutation (the base order) and
 * the rater in slot k gets the base order rotated by k − 1: for two responses the
 * second rater sees the reverse of the first, the third the first's order again;
 * for n responses n consecutive raters see each response in each position once.
 *
 * @example servedOrder({ responseIds: ['a', 'b'], ordinal: 2, counterbalance: true, baseOrder: ['b', 'a'] }, random)
 *          // { shownOrder: ['a', 'b'], baseOrder: null }
 * @throws RangeError when `ordinal` < 1, or a stored base order is not a permutation of the response ids.
 */
export function servedOrder(input: ServedOrderInput, random: RandomSource): ServedOrder {
  const { responseIds, ordinal, counterbalance, baseOrder } = input;
  if (!Number.isInteger(ordinal) || ordinal < 1)
    throw new RangeError(`servedOrder: ordinal must be an integer >= 1 (got ${ordinal})`);
  if (!counterbalance) return { shownOrder: shuffle(responseIds, random), baseOrder: null };
  if (baseOrder === null) {
    const base = shuffle(responseIds, random);
    return { shownOrder: rotate(base, ordinal - 1), baseOrder: base };
  }
  if (baseOrder.length !== responseIds.length || !responseIds.every((id) => baseOrder.includes(id))) {
    throw new RangeError(
      `servedOrder: the stored base order [${baseOrder.join(', ')}] is not a permutation of the responses [${responseIds.join(', ')}]`,
    );
  }
  return { shownOrder: rotate(baseOrder, ordinal - 1), baseOrder: null };
}
