import { ValidationError } from '@hindsight/contracts';
import { mulberry32 } from './mulberry32';
import { shuffledIndices } from './shuffled-indices';

describe('mulberry32', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = Array.from({ length: 20 }, () => a());
    expect(Array.from({ length: 20 }, () => b())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c())).not.toEqual(seqA);
  });

  it('stays in [0, 1)', () => {
    const random = mulberry32(7);
    for (let i = 0; i < 100000; i++) {
      const x = random();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it('passes a chi-square uniformity test over 10 bins', () => {
    // Critical value of chi-square with 9 degrees of freedom at the 0.999 quantile: 27.877
    // (NIST/SEMATECH e-Handbook of Statistical Methods, table 1.3.6.7.4, "Critical Values of
    // the Chi-Square Distribution").
    const random = mulberry32(2024);
    const n = 100000;
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < n; i++) bins[Math.floor(random() * 10)]++;
    const expected = n / 10;
    const chiSquare = bins.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(27.877);
  });

  it('has mean 1/2 and variance 1/12 like U(0,1)', () => {
    const random = mulberry32(99);
    const n = 200000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const x = random();
      sum += x;
      sumSq += x * x;
    }
    const mean = sum / n;
    // standard error of the mean is sqrt(1/12/n) ≈ 0.00065; allow 5 of them
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.0033);
    expect(Math.abs(sumSq / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it('keeps the sequences seeds below 2^32 always had', () => {
    // The first three numbers of the classic algorithm, as both generators this one
    // replaced (quality's mulberry32 and reward-model's createSeededRandom) gave them.
    const first3 = (seed: number) => {
      const random = mulberry32(seed);
      return [random(), random(), random()];
    };
    expect(first3(0)).toEqual([0.26642920868471265, 0.0003297457005828619, 0.2232720274478197]);
    expect(first3(1)).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    expect(first3(42)).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    expect(first3(2 ** 32 - 1)).toEqual([0.8964226141106337, 0.189478256739676, 0.7156526781618595]);
  });

  it('takes seeds of 2^32 and above, each its own sequence, not the one of its low 32 bits', () => {
    const sequence = (seed: number) => {
      const random = mulberry32(seed);
      return Array.from({ length: 8 }, () => random());
    };
    for (const low of [0, 1, 42, 2 ** 32 - 1]) {
      expect(sequence(2 ** 32 + low)).not.toEqual(sequence(low));
      expect(sequence(2 ** 40 + low)).not.toEqual(sequence(2 ** 32 + low));
    }
    expect(sequence(Number.MAX_SAFE_INTEGER)).toEqual(sequence(Number.MAX_SAFE_INTEGER));
    expect(sequence(2 ** 32 + 7).every((x) => x >= 0 && x < 1)).toBe(true);
    expect(shuffledIndices(100, mulberry32(2 ** 33))).not.toEqual(shuffledIndices(100, mulberry32(0)));
  });

  it('rejects a seed that is not a safe integer', () => {
    expect(() => mulberry32(1.5)).toThrow(ValidationError);
    expect(() => mulberry32(1.5)).toThrow('mulberry32: seed must be a safe integer');
    expect(() => mulberry32(2 ** 53)).toThrow('mulberry32: seed');
    expect(() => mulberry32(Number.NaN)).toThrow('mulberry32: seed');
  });
});
