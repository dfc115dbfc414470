import { ValidationError } from '@hindsight/contracts';
import { wordDistribution, WORD_BUCKETS } from './word-distribution';

describe('wordDistribution', () => {
  // FNV-1a 32-bit test vectors published with the algorithm (Landon Curt Noll,
  // http://www.isthe.com/chongo/tech/comp/fnv/, test vectors "a" → 0xe40c292c,
  // "foobar" → 0xbf9cf968): a word lands in its hash modulo the bucket count.
  it('counts each word in the slot FNV-1a-32(word) mod buckets', () => {
    const counts = wordDistribution(['A foobar', 'a'], WORD_BUCKETS);
    expect(counts).toHaveLength(4096);
    expect(counts[0xe40c292c % 4096]).toBe(2);
    expect(counts[0xbf9cf968 % 4096]).toBe(1);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(3);
  });

  it('matches its documented example', () => {
    expect(wordDistribution(['A b', 'a'], 8)).toEqual([0, 0, 0, 0, 2, 1, 0, 0]);
  });

  it('is all zeros when the texts hold no words', () => {
    expect(wordDistribution([], 4)).toEqual([0, 0, 0, 0]);
    expect(wordDistribution(['?!', ' '], 4)).toEqual([0, 0, 0, 0]);
  });

  it.each([0, 1.5, 2 ** 24 + 1, Number.NaN])('refuses %p buckets', (buckets) => {
    expect(() => wordDistribution(['a'], buckets)).toThrow(ValidationError);
    expect(() => wordDistribution(['a'], buckets)).toThrow(
      'wordDistribution: buckets must be an integer in [1, 16777216]',
    );
  });
});
