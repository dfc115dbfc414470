import { buildDisagreementReport, type ScoredHeldOutPair } from './disagreement-report';

const pair = (taskType: string, prompt: string, a: number, b: number, pooled: number): ScoredHeldOutPair => ({
  prompt,
  taskType,
  margins: { a, b },
  pooledMargin: pooled,
});

describe('buildDisagreementReport', () => {
  // 81 of 263 contested pairs ranked differently by a and b: Newcombe (1998), Statistics in Medicine 17:857–872,
  // Table I, example 81/263, gives the Wilson score interval (method 3) 0.2553 to 0.3662.
  const contested = Array.from({ length: 263 }, (_, i) =>
    pair('advice', `p${i}`, 1, i < 81 ? -1 : 2, i < 40 ? -0.5 : 1),
  );
  const calm = Array.from({ length: 20 }, (_, i) => pair('coding', `q${i}`, 1, 1, 1));
  const report = buildDisagreementReport({
    groups: ['a', 'b'],
    pairs: [...calm, ...contested],
    weightDistances: { a: 0.5, b: 0.25 },
  });

  it('counts sign disagreements per pair of groups and task type, with the Wilson interval of the published example', () => {
    const [ab] = report.groupPairs;
    expect(ab).toMatchObject({ groups: ['a', 'b'], pairs: 283, disagreements: 81 });
    const advice = ab.byTaskType[0];
    expect(advice).toMatchObject({ taskType: 'advice', pairs: 263, disagreements: 81, rate: 0.307985 });
    expect(advice.ci![0]).toBeCloseTo(0.2553, 4);
    expect(advice.ci![1]).toBeCloseTo(0.3662, 4);
    expect(ab.byTaskType[1]).toMatchObject({
      taskType: 'coding',
      disagreements: 0,
      rate: 0,
      ci: [0, expect.any(Number)],
    });
    expect(report.taskTypes.map((t) => t.taskType)).toEqual(['advice', 'coding']);
    expect(report.interval).toMatchObject({
      method: 'wilson',
      confidence: 0.95,
      source: expect.stringContaining('Wilson'),
    });
  });

  it('lists the most disputed prompts and each group against the pooled model', () => {
    expect(report.prompts).toHaveLength(5);
    expect(report.prompts.every((p) => p.taskType === 'advice' && p.disagreements === 1)).toBe(true);
    expect(report.fromPooled).toEqual([
      expect.objectContaining({ group: 'a', pairs: 283, disagreements: 40, weightDistance: 0.5 }),
      // b is negative on 81 pairs, the pooled model on 40 of them.
      expect.objectContaining({ group: 'b', pairs: 283, disagreements: 41, weightDistance: 0.25 }),
    ]);
  });

  it('refuses a pair without a trained group’s margin, naming it', () => {
    expect(() =>
      buildDisagreementReport({ groups: ['a', 'c'], pairs: contested, weightDistances: { a: 0, c: 0 } }),
    ).toThrow(/pairs\[0\]\.margins\.c/);
  });
});
