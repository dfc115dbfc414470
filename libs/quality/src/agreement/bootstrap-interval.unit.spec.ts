import { ValidationError } from '@hindsight/contracts';
import { mulberry32 } from '@hindsight/reward-model';
import { bootstrapInterval } from './bootstrap-interval';
import { cohenKappa } from './cohen-kappa';
import type { Label } from './ratings';

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('bootstrapInterval', () => {
  it('is deterministic for a seed and changes with the seed', () => {
    const data = Array.from({ length: 50 }, (_, i) => (i * 37) % 11);
    const a = bootstrapInterval(data, mean, { random: mulberry32(3), iterations: 300 });
    const b = bootstrapInterval(data, mean, { random: mulberry32(3), iterations: 300 });
    const c = bootstrapInterval(data, mean, { random: mulberry32(4), iterations: 300 });
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    expect(a[0]).toBeLessThan(mean(data));
    expect(a[1]).toBeGreaterThan(mean(data));
  });

  it('approximates the normal-theory interval of a mean, x̄ ± 1.96 σ/√n (Efron & Tibshirani 1993, ch. 13)', () => {
    // For the mean of n draws the bootstrap distribution is close to N(x̄, σ̂²/n), σ̂² the
    // plug-in variance, so the 95 % percentile interval should be x̄ ± 1.959964 σ̂/√n.
    const random = mulberry32(11);
    const data = Array.from({ length: 400 }, () => random());
    const m = mean(data);
    const sigma = Math.sqrt(mean(data.map((x) => (x - m) ** 2)));
    const half = (1.959964 * sigma) / Math.sqrt(data.length);
    const [low, high] = bootstrapInterval(data, mean, { random: mulberry32(12), iterations: 4000 });
    // Monte-Carlo error of a 2.5 % quantile with 4000 resamples is about 0.05 half-widths
    expect(Math.abs(low - (m - half))).toBeLessThan(0.1 * half);
    expect(Math.abs(high - (m + half))).toBeLessThan(0.1 * half);
  });

  it('brackets the published asymptotic interval of kappa for the SAS/statsmodels table10 example', () => {
    // statsmodels test_inter_rater.py: κ = 0.4842, 95 % asymptotic limits 0.2137 and 0.7547 (SAS).
    // With 19 units a percentile bootstrap is rough; it must contain κ and land within 0.15 of
    // the asymptotic limits.
    const table = [
      [0, 4, 1],
      [0, 8, 0],
      [0, 1, 5],
    ];
    const units: Label[][] = table.flatMap((row, i) =>
      row.flatMap((count, j) => Array.from({ length: count }, () => [i, j])),
    );
    const [low, high] = bootstrapInterval(units, (s) => cohenKappa(s), { random: mulberry32(2), iterations: 2000 });
    expect(low).toBeLessThan(0.4842);
    expect(high).toBeGreaterThan(0.4842);
    expect(Math.abs(low - 0.2137)).toBeLessThan(0.15);
    expect(Math.abs(high - 0.7547)).toBeLessThan(0.15);
  });

  it('widens with the confidence level and skips resamples where the statistic is undefined', () => {
    const data = Array.from({ length: 60 }, (_, i) => (i * 7) % 13);
    const narrow = bootstrapInterval(data, mean, { random: mulberry32(5), confidence: 0.5 });
    const wide = bootstrapInterval(data, mean, { random: mulberry32(5), confidence: 0.99 });
    expect(wide[0]).toBeLessThan(narrow[0]);
    expect(wide[1]).toBeGreaterThan(narrow[1]);
    expect(bootstrapInterval([1, 2], () => Number.NaN, { random: mulberry32(1), iterations: 10 })).toEqual([
      Number.NaN,
      Number.NaN,
    ]);
  });

  it('throws a named ValidationError for bad options and lets other errors through', () => {
    const random = mulberry32(1);
    expect(() => bootstrapInterval([], mean, { random })).toThrow(ValidationError);
    expect(() => bootstrapInterval([], mean, { random })).toThrow(
      'bootstrapInterval: units must hold at least one unit',
    );
    expect(() => bootstrapInterval([1], mean, { random, iterations: 0 })).toThrow(
      'bootstrapInterval: options.iterations',
    );
    expect(() => bootstrapInterval([1], mean, { random, confidence: 1 })).toThrow(
      'bootstrapInterval: options.confidence',
    );
    expect(() =>
      bootstrapInterval(
        [1],
        () => {
          throw new TypeError('boom');
        },
        { random },
      ),
    ).toThrow(TypeError);
  });
});
