import { ValidationError } from '@hindsight/contracts';
import { mulberry32 } from '@hindsight/reward-model';
import { measureAgreement } from './measure-agreement';
import type { Label } from './ratings';

/** Krippendorff (2011) reliability data (4 coders × 12 units), one row per unit; see krippendorff-alpha.unit.spec.ts. */
const coders: (number | null)[][] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];
const units: (Label | null)[][] = coders[0].map((_, u) => coders.map((c) => c[u]));

describe('measureAgreement', () => {
  it('reports Krippendorff (2011) ordinal alpha 0.815 with its bootstrap interval, units and raters', () => {
    const result = measureAgreement(units, { metric: 'krippendorff', level: 'ordinal', iterations: 500 });
    expect(result.metric).toBe('krippendorff');
    expect(result.value).toBeCloseTo(0.815, 3);
    expect(result.raters).toBe(4);
    expect(result.units).toBe(11); // unit 12 has a single rating and is not pairable
    expect(result.ci[0]).toBeLessThanOrEqual(result.value);
    expect(result.ci[1]).toBeGreaterThanOrEqual(result.value);
    expect(result.ci[1]).toBeLessThanOrEqual(1);
  });

  it('is deterministic: same seed, same interval; default seed is fixed', () => {
    const a = measureAgreement(units, { metric: 'percent', iterations: 200, random: mulberry32(9) });
    const b = measureAgreement(units, { metric: 'percent', iterations: 200, random: mulberry32(9) });
    expect(a).toEqual(b);
    expect(measureAgreement(units, { metric: 'percent', iterations: 200 })).toEqual(
      measureAgreement(units, { metric: 'percent', iterations: 200 }),
    );
  });

  it('computes Cohen (weighted) and Fleiss through the same entry point', () => {
    const two = units.map((row) => [row[1], row[3]]);
    const cohen = measureAgreement(two, { metric: 'cohen', weights: 'quadratic', iterations: 100 });
    expect(cohen.raters).toBe(2);
    expect(cohen.units).toBe(10);
    const complete = units.filter((row) => row.every((cell) => cell !== null));
    const fleiss = measureAgreement(complete, { metric: 'fleiss', iterations: 100 });
    expect(fleiss.units).toBe(complete.length);
  });

  it('throws a named ValidationError for Cohen with more than two raters and for misplaced options', () => {
    expect(() => measureAgreement(units, { metric: 'cohen' })).toThrow(ValidationError);
    expect(() => measureAgreement(units, { metric: 'cohen' })).toThrow(
      'cohenKappa: ratings[0] must have exactly 2 raters',
    );
    expect(() => measureAgreement(units, { metric: 'fleiss', weights: 'linear' })).toThrow(
      'measureAgreement: options.weights applies to the cohen metric only',
    );
    expect(() => measureAgreement(units, { metric: 'cohen', level: 'ordinal' })).toThrow(
      'measureAgreement: options.level',
    );
    expect(() => measureAgreement(units, { metric: 'gwet' as never })).toThrow('measureAgreement: options.metric');
  });
});
