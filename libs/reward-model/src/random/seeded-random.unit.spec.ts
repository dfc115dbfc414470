import { ValidationError } from '@hindsight/contracts';
import { createSeededRandom } from './create-seeded-random';
import { shuffledIndices } from './shuffled-indices';

describe('createSeededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = createSeededRandom(7);
    const b = createSeededRandom(7);
    const c = createSeededRandom(8);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
  });

  it('is roughly uniform on [0, 1)', () => {
    const random = createSeededRandom(123);
    const n = 100_000;
    let sum = 0;
    const deciles = new Array<number>(10).fill(0);
    for (let i = 0; i < n; i++) {
      const u = random();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      deciles[Math.floor(u * 10)]++;
    }
    // Mean of U(0,1) is 1/2 with standard error sqrt(1/12/n) ≈ 0.0009; allow 5 SE.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.0046);
    // Each decile holds 10 % ± 5 SE (SE = sqrt(0.1·0.9/n) ≈ 0.00095).
    for (const count of deciles) expect(Math.abs(count / n - 0.1)).toBeLessThan(0.0048);
  });

  it('rejects a non-integer seed', () => {
    expect(() => createSeededRandom(1.5)).toThrow(ValidationError);
  });
});

describe('shuffledIndices', () => {
  it('is a permutation, reproducible for a seed', () => {
    const order = shuffledIndices(1000, createSeededRandom(3));
    expect(Array.from(order).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(shuffledIndices(1000, createSeededRandom(3))).toEqual(order);
    expect(shuffledIndices(1000, createSeededRandom(4))).not.toEqual(order);
  });
});
