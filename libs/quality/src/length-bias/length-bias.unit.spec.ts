import type { ComparisonRecord } from '../report/comparison-record';
import { indexComparisons } from '../report/index-comparisons';
import { detectLengthBias } from './detect-length-bias';
import { excessRateTests } from './excess-rate-tests';
import { fitGroupLogistic } from './fit-group-logistic';
import { medianRate } from './median-rate';
import { SURFACE_LIST, SURFACE_PLEASANTRY, surfaceFeatures } from './surface-features';

describe('surfaceFeatures', () => {
  it('spots stock pleasantries and list formatting', () => {
    expect(surfaceFeatures('Great question! Here it is.')).toBe(SURFACE_PLEASANTRY);
    expect(surfaceFeatures('Steps:\n- one\n- two')).toBe(SURFACE_LIST);
    expect(surfaceFeatures('1. first\n2. second\nI hope this helps!')).toBe(SURFACE_LIST | SURFACE_PLEASANTRY);
    expect(surfaceFeatures('A plain answer - with a dash.')).toBe(0);
  });
});

describe('medianRate and excessRateTests', () => {
  it('takes the median over groups with enough data', () => {
    expect(medianRate(Int32Array.of(5, 6, 9, 0), Int32Array.of(10, 10, 10, 1), 5)).toBeCloseTo(0.6, 12);
    expect(medianRate(Int32Array.of(), Int32Array.of(), 5)).toBe(0.5);
  });

  it('flags a group well above the baseline, not one at it', () => {
    const rows = excessRateTests(['high', 'base'], Int32Array.of(80, 50), Int32Array.of(100, 100), 0.5, {
      alpha: 0.05,
      minExcess: 0.1,
      minN: 20,
    });
    expect(rows[0]).toEqual(expect.objectContaining({ name: 'high', rate: 0.8, flagged: true, favours: 'feature' }));
    expect(rows[1]).toEqual(expect.objectContaining({ name: 'base', flagged: false, favours: null }));
  });
});

describe('fitGroupLogistic', () => {
  it('recovers the sign of the slope per group', () => {
    const n = 400;
    const group = new Int32Array(n);
    const x = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      group[i] = i % 2;
      x[i] = ((i * 7) % 11) / 5 - 1;
      // group 0: y follows x; group 1: y against x
      y[i] = group[i] === 0 ? (x[i] > 0 ? 1 : 0) ^ (i % 10 === 0 ? 1 : 0) : x[i] > 0 ? 0 : 1;
    }
    const fit = fitGroupLogistic(group, x, y, 2);
    expect(fit.slope[0]).toBeGreaterThan(1);
    expect(fit.slope[1]).toBeLessThan(-1);
    expect(fit.slopeSe[0]).toBeGreaterThan(0);
  });
});

describe('detectLengthBias', () => {
  const records: ComparisonRecord[] = [];
  // 3 raters per task; 'long-lover' always picks the longer, the others pick response a
  for (let t = 0; t < 120; t++) {
    const long = 'x'.repeat(300);
    const short = 'y'.repeat(100);
    const aIsLong = t % 2 === 0;
    const a = { id: `t${t}-a`, text: aIsLong ? long : short, modelVersion: 'm1' };
    const b = { id: `t${t}-b`, text: aIsLong ? short : long, modelVersion: 'm2' };
    for (const rater of ['honest-1', 'honest-2', 'long-lover']) {
      const aFirst = (Math.floor(t / 2) + rater.length) % 2 === 0;
      const pick = rater === 'long-lover' ? (aIsLong ? a.id : b.id) : a.id;
      records.push({
        id: `${t}-${rater}`,
        taskId: `t${t}`,
        taskType: 'chat',
        objective: 'helpfulness',
        raterId: rater,
        prompt: 'p',
        responses: [a, b],
        shownOrder: aFirst ? [a.id, b.id] : [b.id, a.id],
        choice: pick,
        occurredAt: '2026-01-01T00:00:00.000Z',
      });
    }
  }

  it('reports the longer-wins rate per rater and objective, and the logistic slope', () => {
    const result = detectLengthBias(indexComparisons(records));
    const lover = result.byRater.find((r) => r.name === 'long-lover');
    expect(lover?.rate).toBe(1);
    expect(lover?.lengthCoefficient).toBeGreaterThan(1);
    expect(result.byRater.find((r) => r.name === 'honest-1')?.rate).toBeCloseTo(0.5, 10);
    expect(result.byObjective[0].name).toBe('helpfulness');
  });

  it('refuses an out-of-range option', () => {
    expect(() => detectLengthBias(indexComparisons(records), { minRelativeDifference: 1 })).toThrow(
      /minRelativeDifference/,
    );
  });
});
