import { invalidInput } from '../agreement/invalid-input';
import { jensenShannonDivergence } from './jensen-shannon-divergence';
import { lengthDistribution } from './length-distribution';

/**
 * How far prompt lengths moved: the Jensen–Shannon divergence, in bits, between
 * the binned word-count distributions (`lengthDistribution`: doubling bins) of
 * the two sets of prompts. 0 when every bin holds the same share on both sides,
 * 1 when no bin is used by both (e.g. one-line questions replaced by pasted
 * documents). Each prompt weighs 1 whatever its length.
 *
 * @example lengthDrift(['a b', 'c d'], ['e f', 'g h']) // 0 (all in the 2–3 words bin)
 * @example lengthDrift(['a'], ['a b c d']) // 1 (bins 1 and 3)
 * @throws ValidationError when either side is empty.
 */
export function lengthDrift(trainedOn: readonly string[], since: readonly string[]): number {
  if (trainedOn.length === 0) throw invalidInput('lengthDrift', 'trainedOn', 'must not be empty');
  if (since.length === 0) throw invalidInput('lengthDrift', 'since', 'must not be empty');
  return jensenShannonDivergence(lengthDistribution(trainedOn), lengthDistribution(since), 2);
}
