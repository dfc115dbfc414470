import { wordTokens } from './word-tokens';

/** Bins of a prompt-length distribution: 0 words, then one bin per power of two up to 1,024 words and more. */
export const LENGTH_BINS = 12;

/**
 * The bin of a prompt of `words` words: 0 for none, else 1 + ⌊log₂ words⌋, the
 * last bin holding everything from 1,024 words up (bin 1: 1 word, 2: 2–3, 3: 4–7,
 * 4: 8–15, …). Doubling bins give short prompts, where most traffic lies, the
 * finest resolution, and make the measure indifferent to small edits of a long one.
 *
 * @example lengthBin(0) // 0
 * @example lengthBin(5) // 3 (4–7 words)
 * @throws never; a non-integer or negative count is a caller bug and lands in bin 0.
 */
export function lengthBin(words: number): number {
  if (!(words >= 1)) return 0;
  return Math.min(1 + Math.floor(Math.log2(words)), LENGTH_BINS - 1);
}

/**
 * How many texts fall in each length bin (`lengthBin` of their `wordTokens` count).
 *
 * @example lengthDistribution(['hi', 'how are you', '']) // [1, 1, 1, 0, …] (12 bins)
 * @throws never.
 */
export function lengthDistribution(texts: readonly string[]): number[] {
  const counts = new Array<number>(LENGTH_BINS).fill(0);
  for (const text of texts) counts[lengthBin(wordTokens(text).length)] += 1;
  return counts;
}
