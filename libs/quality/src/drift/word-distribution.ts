import { fnv1a32 } from '@hindsight/reward-model';
import { invalidInput } from '../agreement/invalid-input';
import { wordTokens } from './word-tokens';

/** Buckets of a word distribution by default: enough that the common words of a prompt set rarely share one, small enough to compare in microseconds. */
export const WORD_BUCKETS = 4096;

/**
 * The word counts of a set of texts, hashed into `buckets` slots: every word of
 * every text (`wordTokens`: NFKC, lower-cased) adds 1 to slot
 * FNV-1a-32(word) mod `buckets` (Fowler–Noll–Vo, the hash the reward model's
 * features use). Hashing bounds the vector whatever the vocabulary, at the price
 * of merging the words that share a slot. Texts weigh by their number of words.
 *
 * @example wordDistribution(['A b', 'a'], 8) // [0, 0, 0, 0, 2, 1, 0, 0]: 'a' hashes to 0xe40c292c, 4 mod 8
 * @throws ValidationError when `buckets` is not an integer in [1, 2^24].
 */
export function wordDistribution(texts: readonly string[], buckets = WORD_BUCKETS): number[] {
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > 1 << 24) {
    throw invalidInput('wordDistribution', 'buckets', 'must be an integer in [1, 16777216]');
  }
  const counts = new Array<number>(buckets).fill(0);
  for (const text of texts) {
    for (const word of wordTokens(text)) counts[fnv1a32(word) % buckets] += 1;
  }
  return counts;
}
