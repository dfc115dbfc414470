import { judgeAgreement } from './judge-kappa';
import { pluralityLabel, type LabelledJudgment } from './judge-labels';

/** One task per unit: `humans` people's labels and the judge's label, as judgments on responses 'x' (A) and 'y' (B). */
function task(k: number, judge: 'A' | 'B' | 'tie', humans: readonly ('A' | 'B' | 'tie')[]): LabelledJudgment[] {
  const id = (l: string) => (l === 'A' ? 'x' : l === 'B' ? 'y' : 'tie');
  return [
    // response ids given in both orders: the label must not depend on it
    { taskId: `t${k}`, raterId: 'judge', responseIds: k % 2 ? ['x', 'y'] : ['y', 'x'], choice: id(judge) },
    ...humans.map((h, i) => ({
      taskId: `t${k}`,
      raterId: `person-${i}`,
      responseIds: ['x', 'y'] as const,
      choice: id(h),
    })),
  ];
}

/** Units from a 2×2 table of (judge, human consensus) counts, the consensus a 2-to-1 majority of three people. */
function fromTable(aa: number, ab: number, ba: number, bb: number): LabelledJudgment[] {
  const cells: ['A' | 'B', 'A' | 'B', number][] = [
    ['A', 'A', aa],
    ['A', 'B', ab],
    ['B', 'A', ba],
    ['B', 'B', bb],
  ];
  const out: LabelledJudgment[] = [];
  let k = 0;
  for (const [judge, human, n] of cells)
    for (let i = 0; i < n; i++) {
      const other = human === 'A' ? 'B' : 'A';
      out.push(...task(k++, judge, [human, other, human]));
    }
  return out;
}

describe('judgeAgreement', () => {
  // Wikipedia, "Cohen's kappa", worked example (50 grant proposals, two readers): yes/yes 20,
  // yes/no 5, no/yes 10, no/no 15 → p_o = 0.7, p_e = 0.5, κ = 0.4.
  it("reproduces Wikipedia's worked example of Cohen's kappa: 0.4", () => {
    const [j] = judgeAgreement(fromTable(20, 5, 10, 15), ['judge']);
    expect(j.tasks).toBe(50);
    expect(j.kappa).toBeCloseTo(0.4, 10);
    expect(j.percentAgreement).toBeCloseTo(0.7, 10);
  });

  // Artstein & Poesio (2008), "Inter-coder agreement for computational linguistics",
  // Computational Linguistics 34(4), Table 1 (also scikit-learn's test_cohen_kappa): κ = 0.348.
  it('reproduces Artstein & Poesio (2008) Table 1: 0.348', () => {
    const [j] = judgeAgreement(fromTable(20, 20, 10, 50), ['judge']);
    expect(j.tasks).toBe(100);
    expect(j.kappa).toBeCloseTo(0.348, 3);
  });

  it('counts only tasks with a human consensus and a judge label; judges are no part of the consensus', () => {
    const judgments = [
      ...fromTable(20, 5, 10, 15),
      ...task(900, 'A', ['A', 'B']), // shared top count: no consensus
      ...task(901, 'B', []), // no person
      { taskId: 't902', raterId: 'person-0', responseIds: ['x', 'y'] as const, choice: 'x' }, // no judge label
      // a second judge siding against the people on every task changes nothing for the first
      ...fromTable(20, 5, 10, 15).map((j) =>
        j.raterId === 'judge' ? { ...j, raterId: 'judge-2', choice: j.choice === 'x' ? 'y' : 'x' } : j,
      ),
    ];
    const [a, b] = judgeAgreement(judgments, ['judge', 'judge-2']);
    expect(a).toMatchObject({ rater: 'judge', tasks: 50 });
    expect(a.kappa).toBeCloseTo(0.4, 10);
    expect(b.rater).toBe('judge-2');
  });

  it('gives a seeded bootstrap interval around the kappa: the same seed the same interval, another seed another', () => {
    const judgments = fromTable(20, 5, 10, 15);
    const [one] = judgeAgreement(judgments, ['judge'], { seed: 3 });
    const [again] = judgeAgreement([...judgments].reverse(), ['judge'], { seed: 3 });
    const [other] = judgeAgreement(judgments, ['judge'], { seed: 4 });
    expect(one.kappaCi).toEqual(again.kappaCi);
    expect(one.kappaCi).not.toEqual(other.kappaCi);
    const [low, high] = one.kappaCi as [number, number];
    expect(low).toBeLessThan(0.4);
    expect(high).toBeGreaterThan(0.4);
    // the normal-theory 95 % interval of this table is about 0.4 ± 0.25; the percentile bootstrap is close to it
    expect(low).toBeGreaterThan(0.05);
    expect(high).toBeLessThan(0.75);
  });

  it('has no kappa without a shared task, and none (not NaN) when both sides use one label', () => {
    expect(judgeAgreement(task(1, 'A', []), ['judge'])).toEqual([
      { rater: 'judge', tasks: 0, kappa: null, kappaCi: null, percentAgreement: null },
    ]);
    const constant = [...task(1, 'A', ['A']), ...task(2, 'A', ['A'])];
    expect(judgeAgreement(constant, ['judge'])[0]).toMatchObject({ tasks: 2, kappa: null, percentAgreement: 1 });
  });
});

describe('pluralityLabel', () => {
  it('is the most frequent label, or none when the top count is shared', () => {
    expect(pluralityLabel(['A', 'B', 'A'])).toBe('A');
    expect(pluralityLabel(['tie', 'tie', 'B'])).toBe('tie');
    expect(pluralityLabel(['A', 'B'])).toBeNull();
    expect(pluralityLabel([])).toBeNull();
  });
});
