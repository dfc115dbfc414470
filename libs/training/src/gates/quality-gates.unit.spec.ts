import {
  DEFAULT_GATE_THRESHOLDS,
  evaluateQualityGates,
  gateThresholdsFromEnv,
  resolveGateThresholds,
  type GateInput,
} from './quality-gates';

const judgments = (objective: string, rater: string, n: number) =>
  Array.from({ length: n }, () => ({ objective, raterId: rater }));

const base: GateInput = {
  objectives: ['helpfulness', 'honesty'],
  pairsByObjective: { helpfulness: 400, honesty: 120 },
  judgments: [
    ...judgments('helpfulness', 'ok-1', 300),
    ...judgments('helpfulness', 'spam-1', 100),
    ...judgments('honesty', 'ok-1', 100),
    ...judgments('honesty', 'biased-1', 20),
    ...judgments('harmlessness', 'spam-1', 999),
  ],
  raterFlags: new Map([
    ['ok-1', []],
    ['spam-1', ['spammer']],
    ['biased-1', ['position-bias', 'length-bias']],
  ]),
  agreement: [
    { taskType: 'coding', judgments: 300, kappa: 0.5 },
    { taskType: 'chat', judgments: 100, kappa: 0.1 },
    { taskType: 'math', judgments: 0, kappa: null },
  ],
};

describe('evaluateQualityGates', () => {
  it('passes clean data and reports the measures per objective (objectives not requested are ignored)', () => {
    const outcome = evaluateQualityGates(base, DEFAULT_GATE_THRESHOLDS);
    expect(outcome.passed).toBe(true);
    expect(outcome.byObjective).toEqual({
      helpfulness: { pairs: 400, comparisons: 400, flaggedComparisons: 100, flaggedShare: 0.25 },
      honesty: { pairs: 120, comparisons: 120, flaggedComparisons: 20, flaggedShare: 20 / 120 },
    });
    expect(outcome.pooledKappa).toBeCloseTo((0.5 * 300 + 0.1 * 100) / 400, 12);
  });

  it('fails with one coded reason per broken gate, naming the objective and the numbers', () => {
    const outcome = evaluateQualityGates(
      {
        ...base,
        objectives: ['helpfulness', 'honesty', 'harmlessness'],
        pairsByObjective: { ...base.pairsByObjective, harmlessness: 12 },
      },
      { ...DEFAULT_GATE_THRESHOLDS, maxFlaggedShare: 0.2, minAgreement: 0.45 },
    );
    expect(outcome.passed).toBe(false);
    expect(outcome.reasons).toEqual([
      {
        code: 'flagged-raters-above-threshold',
        message:
          'objective helpfulness: 100 of 400 comparisons (25.0 %) come from raters flagged spammer or position-bias, above the maximum of 20.0 %',
      },
      { code: 'too-few-examples', message: 'objective harmlessness: 12 pairs, fewer than the minimum of 50' },
      {
        code: 'flagged-raters-above-threshold',
        message:
          'objective harmlessness: 999 of 999 comparisons (100.0 %) come from raters flagged spammer or position-bias, above the maximum of 20.0 %',
      },
      {
        code: 'agreement-below-threshold',
        message: "pooled Fleiss' kappa 0.400 over the task types is below the minimum of 0.45",
      },
    ]);
  });

  it('skips the agreement gate when no task had two judgments', () => {
    const outcome = evaluateQualityGates(
      { ...base, agreement: [{ taskType: 'chat', judgments: 0, kappa: null }] },
      { ...DEFAULT_GATE_THRESHOLDS, minAgreement: 0.99 },
    );
    expect(outcome).toMatchObject({ passed: true, pooledKappa: null });
  });
});

describe('gate thresholds', () => {
  it('take the environment, then the recipe', () => {
    const env = gateThresholdsFromEnv({ TRAINER_GATE_MIN_PAIRS: '200', TRAINER_GATE_MIN_AGREEMENT: '0.3' });
    expect(env).toEqual({ ...DEFAULT_GATE_THRESHOLDS, minPairs: 200, minAgreement: 0.3 });
    expect(resolveGateThresholds(env, { maxFlaggedShare: 0.1, flaggedKinds: ['spammer'] })).toEqual({
      minPairs: 200,
      minAgreement: 0.3,
      maxFlaggedShare: 0.1,
      flaggedKinds: ['spammer'],
    });
    expect(resolveGateThresholds(env, undefined)).toBe(env);
  });

  it('name the bad variable or field', () => {
    expect(() => gateThresholdsFromEnv({ TRAINER_GATE_MAX_FLAGGED_SHARE: 'lots' })).toThrow(
      expect.objectContaining({
        issues: [{ path: 'TRAINER_GATE_MAX_FLAGGED_SHARE', rule: 'must be a share between 0 and 1' }],
      }),
    );
    expect(() => resolveGateThresholds(DEFAULT_GATE_THRESHOLDS, { minPairs: 0, colour: 'red' })).toThrow(
      expect.objectContaining({
        issues: [
          { path: 'gates.colour', rule: 'unknown field' },
          { path: 'gates.minPairs', rule: 'must be an integer >= 1' },
        ],
      }),
    );
  });

  it('take the optional outcome gates from the recipe, and name a bad one', () => {
    expect(
      resolveGateThresholds(DEFAULT_GATE_THRESHOLDS, { minOutcomeAuc: 0.55, outcomeNotWorseThanParent: true }),
    ).toEqual({ ...DEFAULT_GATE_THRESHOLDS, minOutcomeAuc: 0.55, outcomeNotWorseThanParent: true });
    expect(resolveGateThresholds(DEFAULT_GATE_THRESHOLDS, {})).not.toHaveProperty('minOutcomeAuc');
    expect(() =>
      resolveGateThresholds(DEFAULT_GATE_THRESHOLDS, { minOutcomeAuc: 1.5, outcomeNotWorseThanParent: 'yes' }),
    ).toThrow(
      expect.objectContaining({
        issues: [
          { path: 'gates.minOutcomeAuc', rule: 'must be an AUC between 0 and 1' },
          { path: 'gates.outcomeNotWorseThanParent', rule: 'must be true or false' },
        ],
      }),
    );
  });
});
