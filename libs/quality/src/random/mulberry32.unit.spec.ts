import { ValidationError } from '@hindsight/contracts';
import { mulberry32 } from './mulberry32';

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

  it('rejects a seed that is not a 32-bit unsigned integer', () => {
    expect(() => mulberry32(-1)).toThrow(ValidationError);
    expect(() => mulberry32(1.5)).toThrow('mulberry32: seed must be an integer');
    expect(() => mulberry32(2 ** 32)).toThrow('mulberry32: seed');
  });
});
