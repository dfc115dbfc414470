import { invalidInput } from '../agreement/invalid-input';
import { jensenShannonDivergence } from './jensen-shannon-divergence';
import { wordDistribution, WORD_BUCKETS } from './word-distribution';

/**
 * How far the prompts users send have moved from the prompts a reward model was
 * trained on: the Jensen–Shannon divergence, in bits, between the hashed word
 * distributions (`wordDistribution`) of the two sets. The scale runs from 0 (the
 * same word distribution) to 1 (no word in common); it is symmetric and needs no
 * smoothing for words seen on one side only.
 *
 * Two samples of the same traffic do not measure 0: words rare enough to show
 * up on one side only add a positive floor that shrinks as the samples grow.
 * A drift threshold is meant to sit above that floor (measure two samples of
 * known-similar traffic of the sizes the caller uses to see it).
 *
 * @example promptDrift(['how do I bake bread'], ['how do I bake bread']) // 0
 * @example promptDrift(['bake bread'], ['file taxes']) // 1 (no shared slot)
 * @throws ValidationError when either side holds no word at all, or `buckets`
 *   is not an integer in [1, 2^24].
 */
export function promptDrift(trainedOn: readonly string[], since: readonly string[], buckets = WORD_BUCKETS): number {
  const before = wordDistribution(trainedOn, buckets);
  const after = wordDistribution(since, buckets);
  if (!before.some((c) => c > 0)) throw invalidInput('promptDrift', 'trainedOn', 'must contain at least one word');
  if (!after.some((c) => c > 0)) throw invalidInput('promptDrift', 'since', 'must contain at least one word');
  return jensenShannonDivergence(before, after, 2);
}
