import { buildQualityReport } from '../report/build-quality-report';
import { plantJudges } from '../simulator/plant-judges';
import { simulatePopulation } from '../simulator/simulate-population';

/*
 * Planted truth (plantJudges): an agreeing judge follows the people's plurality 90 % of the
 * time, a position-biased one picks the first shown 70 % of the time (first-win rate 0.85),
 * a random one flips a coin. The report must find each as planted, and leave the people's
 * sections exactly as they are without judges.
 */
describe('the quality report’s judges', () => {
  const population = simulatePopulation({
    raters: 30,
    comparisons: 3000,
    seed: 7,
    positionBiased: 0.1,
    lengthBiased: 0,
    spammers: 0,
    groupConflict: 0,
  });
  const planted = plantJudges(population, {
    seed: 11,
    share: 0.5,
    judges: [
      { raterId: 'judge-agreeing', behaviour: 'agreeing' },
      { raterId: 'judge-first', behaviour: 'position-biased' },
      { raterId: 'judge-random', behaviour: 'random' },
    ],
  });
  const withJudges = buildQualityReport({
    comparisons: [...population.comparisons, ...planted.comparisons],
    raters: [...population.raters, ...planted.profiles],
  });
  const byId = Object.fromEntries(withJudges.judges.map((j) => [j.rater, j]));

  it('lists one entry per judge, sorted by rater id, with its model and prompt', () => {
    expect(withJudges.judges.map((j) => j.rater)).toEqual(['judge-agreeing', 'judge-first', 'judge-random']);
    expect(byId['judge-first']).toMatchObject({
      modelId: 'sim-judge-position-biased',
      promptVersion: 'judge-prompt-1',
    });
    expect(withJudges.totals).toMatchObject({ judges: 3, judgeComparisons: planted.comparisons.length });
  });

  it('finds the position-biased judge with its bias, and only that one', () => {
    const first = byId['judge-first'].positionBias;
    expect(first.flagged).toBe(true);
    expect(first.favours).toBe('first');
    const [low, high] = first.ci as [number, number];
    expect(low).toBeLessThanOrEqual(planted.truth['judge-first'].expectedFirstWinRate);
    expect(high).toBeGreaterThanOrEqual(planted.truth['judge-first'].expectedFirstWinRate);
    expect(byId['judge-agreeing'].positionBias.flagged).toBe(false);
    expect(byId['judge-random'].positionBias.flagged).toBe(false);
  });

  it('measures the agreeing judge well above the random one, whose interval holds 0', () => {
    expect(byId['judge-agreeing'].kappa).toBeGreaterThan(0.6);
    const [low, high] = byId['judge-random'].kappaCi as [number, number];
    expect(low).toBeLessThan(0);
    expect(high).toBeGreaterThan(0);
    expect(byId['judge-agreeing'].tasks).toBeGreaterThan(400);
  });

  it('leaves every section about people as it is without the judges', () => {
    const without = buildQualityReport({ comparisons: population.comparisons, raters: population.raters });
    const { judges: _j, totals: t1, ...rest1 } = withJudges;
    const { judges: none, totals: t2, ...rest2 } = without;
    expect(none).toEqual([]);
    expect(rest1).toEqual(rest2);
    expect({ ...t1, judges: 0, judgeComparisons: 0 }).toEqual(t2);
  });

  it('is reproducible: the same input gives the same judges, bootstrap intervals included', () => {
    const again = buildQualityReport({
      comparisons: [...population.comparisons, ...planted.comparisons],
      raters: [...population.raters, ...planted.profiles],
    });
    expect(JSON.stringify(again.judges)).toBe(JSON.stringify(withJudges.judges));
  });

  it('measures agreement with outcomes where both responses are interactions with opposite outcomes', () => {
    // every response with a smaller id succeeded: the agreeing judge picks it about as often as the people do
    const outcomes = new Map<string, boolean>();
    for (const c of planted.comparisons) {
      const [a, b] = [c.responses[0].id, c.responses[1].id].sort();
      outcomes.set(a, true);
      outcomes.set(b, false);
    }
    const report = buildQualityReport({
      comparisons: [...population.comparisons, ...planted.comparisons],
      raters: [...population.raters, ...planted.profiles],
      outcomes,
    });
    const random = report.judges.find((j) => j.rater === 'judge-random')?.outcomes;
    expect(random?.pairs).toBe(planted.comparisons.filter((c) => c.raterId === 'judge-random').length);
    expect(random?.ci[0]).toBeLessThan(0.5);
    expect(random?.ci[1]).toBeGreaterThan(0.5);
    expect(withJudges.judges.every((j) => j.outcomes === null)).toBe(true);
  });
});
