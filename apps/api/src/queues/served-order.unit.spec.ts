import { PinnedRandomSource } from './pinned-random';
import { rotate, servedOrder, shuffle } from './served-order';

describe('shuffle', () => {
  it('is Fisher–Yates: the draws [j for i = n-1 … 1] pick the swaps', () => {
    // i = 2: swap 2 and 0 -> [c, b, a]; i = 1: swap 1 and 0 -> [b, c, a]
    expect(shuffle(['a', 'b', 'c'], new PinnedRandomSource([0, 0]))).toEqual(['b', 'c', 'a']);
    // draws equal to i swap nothing
    expect(shuffle(['a', 'b', 'c'], new PinnedRandomSource([2, 1]))).toEqual(['a', 'b', 'c']);
  });

  it('maps the n! draw sequences onto the n! permutations one to one (so it is uniform)', () => {
    const seen = new Set<string>();
    for (const j2 of [0, 1, 2])
      for (const j1 of [0, 1]) seen.add(shuffle(['a', 'b', 'c'], new PinnedRandomSource([j2, j1])).join(''));
    expect([...seen].sort()).toEqual(['abc', 'acb', 'bac', 'bca', 'cab', 'cba']);
  });

  it('does not touch its input', () => {
    const items = ['a', 'b'];
    shuffle(items, new PinnedRandomSource([0]));
    expect(items).toEqual(['a', 'b']);
  });
});

describe('rotate', () => {
  it('rotates left modulo the length', () => {
    expect(rotate(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(rotate(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(rotate(['a', 'b', 'c'], 4)).toEqual(['b', 'c', 'a']);
    expect(rotate([], 3)).toEqual([]);
  });

  it('refuses a negative or fractional step, naming the function', () => {
    expect(() => rotate(['a'], -1)).toThrow(/^rotate: /);
    expect(() => rotate(['a'], 0.5)).toThrow(RangeError);
  });
});

describe('servedOrder', () => {
  it('counterbalances two responses: the second rater of the pair gets the reverse, the third the first order again', () => {
    const random = new PinnedRandomSource([0]); // the first rater's shuffle of [r1, r2] swaps: [r2, r1]
    const first = servedOrder({ responseIds: ['r1', 'r2'], ordinal: 1, counterbalance: true, baseOrder: null }, random);
    expect(first).toEqual({ shownOrder: ['r2', 'r1'], baseOrder: ['r2', 'r1'] });
    const later = [2, 3, 4].map((ordinal) =>
      servedOrder({ responseIds: ['r1', 'r2'], ordinal, counterbalance: true, baseOrder: first.baseOrder }, random),
    );
    expect(later.map((o) => o.shownOrder)).toEqual([
      ['r1', 'r2'],
      ['r2', 'r1'],
      ['r1', 'r2'],
    ]);
    expect(later.every((o) => o.baseOrder === null)).toBe(true);
  });

  it('rotates more responses so n consecutive raters see each response in each position once', () => {
    const base = ['c', 'a', 'b'];
    const orders = [1, 2, 3].map(
      (ordinal) =>
        servedOrder(
          { responseIds: ['a', 'b', 'c'], ordinal, counterbalance: true, baseOrder: base },
          new PinnedRandomSource(),
        ).shownOrder,
    );
    expect(orders).toEqual([
      ['c', 'a', 'b'],
      ['a', 'b', 'c'],
      ['b', 'c', 'a'],
    ]);
    for (let position = 0; position < 3; position++) expect(new Set(orders.map((o) => o[position])).size).toBe(3);
  });

  it('draws a fresh permutation for every rater when the queue does not counterbalance', () => {
    const random = new PinnedRandomSource([0, 1]);
    const input = { responseIds: ['r1', 'r2'], counterbalance: false, baseOrder: null };
    expect(servedOrder({ ...input, ordinal: 1 }, random)).toEqual({ shownOrder: ['r2', 'r1'], baseOrder: null });
    expect(servedOrder({ ...input, ordinal: 2 }, random)).toEqual({ shownOrder: ['r1', 'r2'], baseOrder: null });
  });

  it('refuses a bad ordinal or a stored order that does not match the responses', () => {
    expect(() =>
      servedOrder(
        { responseIds: ['a', 'b'], ordinal: 0, counterbalance: true, baseOrder: null },
        new PinnedRandomSource(),
      ),
    ).toThrow(/^servedOrder: ordinal/);
    expect(() =>
      servedOrder(
        { responseIds: ['a', 'b'], ordinal: 2, counterbalance: true, baseOrder: ['a', 'x'] },
        new PinnedRandomSource(),
      ),
    ).toThrow(/not a permutation/);
  });
});
