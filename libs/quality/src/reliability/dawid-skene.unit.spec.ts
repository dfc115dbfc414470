import { ValidationError } from '@hindsight/contracts';
import type { Annotation } from './annotation';
import { simpleAnswers, simpleTruth } from './crowd-kit-simple.fixture';
import { dawidSkene } from './dawid-skene';

const rows = (list: readonly (readonly [string, string, string])[], order: 'task-rater' | 'rater-task'): Annotation[] =>
  list.map(([a, b, label]) => (order === 'task-rater' ? { task: a, rater: b, label } : { task: b, rater: a, label }));

/**
 * Toloka/crowd-kit tests/aggregation/test_ds_aggregation.py::test_dawid_skene_step_by_step:
 * the `data` fixture and the published posteriors, priors and error matrices after 0 and 1
 * EM iterations (two decimals, compared there with atol 0.005). crowd-kit's errors_ are
 * P(observed | true); here confusion[true][observed].
 */
const stepData = rows(
  [
    ['t1', 'w1', 'no'],
    ['t1', 'w2', 'yes'],
    ['t1', 'w4', 'yes'],
    ['t1', 'w5', 'no'],
    ['t2', 'w1', 'yes'],
    ['t2', 'w2', 'yes'],
    ['t2', 'w3', 'yes'],
    ['t2', 'w4', 'no'],
    ['t2', 'w5', 'no'],
    ['t3', 'w1', 'yes'],
    ['t3', 'w2', 'no'],
    ['t3', 'w3', 'no'],
    ['t3', 'w4', 'yes'],
    ['t3', 'w5', 'no'],
    ['t4', 'w1', 'yes'],
    ['t4', 'w2', 'yes'],
    ['t4', 'w3', 'yes'],
    ['t4', 'w4', 'yes'],
    ['t4', 'w5', 'yes'],
    ['t5', 'w1', 'yes'],
    ['t5', 'w2', 'no'],
    ['t5', 'w3', 'no'],
    ['t5', 'w4', 'no'],
    ['t5', 'w5', 'no'],
  ],
  'task-rater',
);

interface Step {
  probas: Record<string, [number, number]>; // [no, yes]
  priors: [number, number];
  labels: Record<string, string>;
  // [worker, observed, P(observed | true no), P(observed | true yes)]
  errors: [string, 'no' | 'yes', number, number][];
}

const published: Record<0 | 1, Step> = {
  0: {
    probas: { t1: [0.5, 0.5], t2: [0.4, 0.6], t3: [0.6, 0.4], t4: [0.0, 1.0], t5: [0.8, 0.2] },
    priors: [0.46, 0.54],
    labels: { t1: 'no', t2: 'yes', t3: 'no', t4: 'yes', t5: 'no' },
    errors: [
      ['w1', 'no', 0.22, 0.19],
      ['w1', 'yes', 0.78, 0.81],
      ['w2', 'no', 0.61, 0.22],
      ['w2', 'yes', 0.39, 0.78],
      ['w3', 'no', 0.78, 0.27],
      ['w3', 'yes', 0.22, 0.73],
      ['w4', 'no', 0.52, 0.3],
      ['w4', 'yes', 0.48, 0.7],
      ['w5', 'no', 1.0, 0.63],
      ['w5', 'yes', 0.0, 0.37],
    ],
  },
  1: {
    probas: { t1: [0.35, 0.65], t2: [0.26, 0.74], t3: [0.87, 0.13], t4: [0.0, 1.0], t5: [0.95, 0.05] },
    priors: [0.49, 0.51],
    labels: { t1: 'yes', t2: 'yes', t3: 'no', t4: 'yes', t5: 'no' },
    errors: [
      ['w1', 'no', 0.14, 0.25],
      ['w1', 'yes', 0.86, 0.75],
      ['w2', 'no', 0.75, 0.07],
      ['w2', 'yes', 0.25, 0.93],
      ['w3', 'no', 0.87, 0.09],
      ['w3', 'yes', 0.13, 0.91],
      ['w4', 'no', 0.5, 0.31],
      ['w4', 'yes', 0.5, 0.69],
      ['w5', 'no', 1.0, 0.61],
      ['w5', 'yes', 0.0, 0.39],
    ],
  },
};

/** crowd-kit tests/conftest.py: the toy YSDA answers and their ground truth (yes, yes, no, yes, no). */
const toyYsda = rows(
  [
    ['w1', 't1', 'no'],
    ['w1', 't2', 'yes'],
    ['w1', 't3', 'yes'],
    ['w1', 't4', 'yes'],
    ['w1', 't5', 'yes'],
    ['w2', 't1', 'yes'],
    ['w2', 't2', 'yes'],
    ['w2', 't3', 'no'],
    ['w2', 't4', 'yes'],
    ['w2', 't5', 'no'],
    ['w3', 't2', 'yes'],
    ['w3', 't3', 'no'],
    ['w3', 't4', 'yes'],
    ['w3', 't5', 'no'],
    ['w4', 't1', 'yes'],
    ['w4', 't2', 'no'],
    ['w4', 't3', 'yes'],
    ['w4', 't4', 'yes'],
    ['w4', 't5', 'no'],
    ['w5', 't1', 'no'],
    ['w5', 't2', 'no'],
    ['w5', 't3', 'no'],
    ['w5', 't4', 'yes'],
    ['w5', 't5', 'no'],
  ],
  'rater-task',
);

describe('dawidSkene', () => {
  it.each([0, 1] as const)('reproduces crowd-kit step by step after %i EM iterations (atol 0.005)', (n) => {
    const fit = dawidSkene(stepData, { maxIterations: n });
    const expected = published[n];
    expect(fit.classes).toEqual(['no', 'yes']);
    expect(fit.iterations).toBe(n);
    fit.priors.forEach((p, k) => expect(Math.abs(p - expected.priors[k])).toBeLessThanOrEqual(0.005));
    for (const task of fit.tasks) {
      const [no, yes] = expected.probas[task.task];
      expect(Math.abs(task.posterior[0] - no)).toBeLessThanOrEqual(0.005);
      expect(Math.abs(task.posterior[1] - yes)).toBeLessThanOrEqual(0.005);
      expect(task.label).toBe(expected.labels[task.task]);
    }
    for (const [worker, observed, givenNo, givenYes] of expected.errors) {
      const rater = fit.raters.find((r) => r.rater === worker);
      const l = observed === 'no' ? 0 : 1;
      expect(Math.abs((rater?.confusion[0][l] ?? NaN) - givenNo)).toBeLessThanOrEqual(0.005);
      expect(Math.abs((rater?.confusion[1][l] ?? NaN) - givenYes)).toBeLessThanOrEqual(0.005);
    }
  });

  it.each([
    [10, undefined],
    [100500, 1e-5],
  ])('recovers the crowd-kit toy YSDA ground truth (maxIterations %s)', (maxIterations, tolerance) => {
    const fit = dawidSkene(toyYsda, { maxIterations, tolerance });
    expect(Object.fromEntries(fit.tasks.map((t) => [t.task, t.label]))).toEqual({
      t1: 'yes',
      t2: 'yes',
      t3: 'no',
      t4: 'yes',
      t5: 'no',
    });
  });

  it('recovers the crowd-kit "simple" ground truth despite a fraudster and a careless worker', () => {
    const fit = dawidSkene(simpleAnswers);
    expect(Object.fromEntries(fit.tasks.map((t) => [t.task, t.label]))).toEqual(simpleTruth);
    const accuracy = Object.fromEntries(fit.raters.map((r) => [r.rater, r.accuracy]));
    // the good workers agree with the truth on every task, the fraudster only on parrots
    expect(accuracy['bde3b214b06c1efa6cb1bc6284dc72d2']).toBeGreaterThan(accuracy['0c3eb7d5fcc414db137c4180a654c06e']);
    expect(accuracy['0c3eb7d5fcc414db137c4180a654c06e']).toBeCloseTo(fit.priors[fit.classes.indexOf('parrot')], 6);
  });

  it('keeps posteriors and confusion rows as probability distributions', () => {
    const fit = dawidSkene(simpleAnswers);
    for (const t of fit.tasks) expect(t.posterior.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    for (const r of fit.raters)
      for (const row of r.confusion) expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    expect(fit.priors.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
  });

  it('is deterministic and independent of the order of the annotations', () => {
    const a = dawidSkene(toyYsda);
    const b = dawidSkene([...toyYsda].reverse());
    expect(b.priors).toEqual(a.priors.map((p) => expect.closeTo(p, 10)));
    const labels = (fit: typeof a) => Object.fromEntries(fit.tasks.map((t) => [t.task, t.label]));
    expect(labels(b)).toEqual(labels(a));
    expect(dawidSkene(toyYsda)).toEqual(a);
  });

  it('throws a named ValidationError for bad input', () => {
    expect(() => dawidSkene([])).toThrow(ValidationError);
    expect(() => dawidSkene([])).toThrow('dawidSkene: annotations must hold at least one annotation');
    expect(() => dawidSkene([{ task: 't', rater: '', label: 'x' }])).toThrow(
      'dawidSkene: annotations[0].rater must be a non-empty string',
    );
    expect(() => dawidSkene(toyYsda, { maxIterations: -1 })).toThrow('dawidSkene: options.maxIterations');
    expect(() => dawidSkene(toyYsda, { tolerance: 0 })).toThrow('dawidSkene: options.tolerance');
  });
});
