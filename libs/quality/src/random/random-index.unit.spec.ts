import { mulberry32 } from '@hindsight/reward-model';
import { randomIndex } from './random-index';

describe('randomIndex', () => {
  it('draws every index in [0, n) and nothing else', () => {
    const random = mulberry32(5);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const k = randomIndex(random, 7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
      seen.add(k);
    }
    expect(seen.size).toBe(7);
  });

  it('stays below n even if the source returns a value just under 1', () => {
    expect(randomIndex(() => 0.9999999999999999, 3)).toBe(2);
  });

  it('rejects a non-positive or fractional n', () => {
    expect(() => randomIndex(Math.random, 0)).toThrow('randomIndex: n must be a positive integer');
    expect(() => randomIndex(Math.random, 2.5)).toThrow('randomIndex: n');
  });
});
