import { detectOveroptimisation, type RewardPoint, type WinRatePoint } from './detect-overoptimisation';

/** Constructed curves: steps 0..1900 every 100, human evaluations every 300 steps. */
const steps = Array.from({ length: 20 }, (_, i) => i * 100);
const wiggle = (i: number) => 0.01 * Math.sin(i * 1.7);
const reward = (f: (step: number) => number, kl: (step: number) => number = (s) => s / 400): RewardPoint[] =>
  steps.map((step, i) => ({ step, meanReward: f(step) + wiggle(i), kl: kl(step) }));
const human = (f: (step: number) => number): WinRatePoint[] =>
  steps.filter((s) => s % 300 === 0).map((step, i) => ({ step, winRate: f(step) + wiggle(i + 3) / 2 }));

describe('detectOveroptimisation', () => {
  it('flags reward that keeps rising while the human win rate falls', () => {
    const report = detectOveroptimisation(
      reward((s) => 0.2 + s / 1000),
      human((s) => (s < 900 ? 0.5 + s / 3000 : 0.8 - (s - 900) / 4000)),
      { klBudget: null },
    );
    expect(report.flags).toEqual(['reward-hacking']);
    expect(report.status).toBe('flagged');
    expect(report.reward.rising).toBe(true);
    expect(report.humanEval.slope).toBeLessThan(0);
    expect(report.window).toEqual({ fromStep: 950, toStep: 1900 });
    expect(report.reasons[0]).toMatch(
      /^from step 950 to 1900 the mean reward rises .* while the human win rate is falling or flat/,
    );
  });

  it('flags reward rising while the human win rate is flat', () => {
    const report = detectOveroptimisation(
      reward((s) => Math.log1p(s / 100)),
      human(() => 0.62),
      { klBudget: null },
    );
    expect(report.flags).toEqual(['reward-hacking']);
  });

  it('does not flag when the human win rate rises with the reward', () => {
    const report = detectOveroptimisation(
      reward((s) => s / 1000),
      human((s) => 0.5 + s / 5000),
      { klBudget: null },
    );
    expect(report).toMatchObject({ status: 'ok', flags: [] });
    expect(report.humanEval.improving).toBe(true);
  });

  it('does not flag a reward that has plateaued, whatever the humans say', () => {
    const report = detectOveroptimisation(
      reward((s) => (s < 800 ? s / 1000 : 0.8)),
      human(() => 0.6),
      { klBudget: null },
    );
    expect(report.flags).toEqual([]);
    expect(report.reward.rising).toBe(false);
  });

  it('flags KL above the run budget at the first step that crosses it, independently of the trend', () => {
    const report = detectOveroptimisation(
      reward(
        (s) => s / 1000,
        (s) => s / 200,
      ),
      human((s) => 0.5 + s / 5000),
      { klBudget: 6 },
    );
    expect(report.flags).toEqual(['kl-over-budget']);
    expect(report.kl).toEqual({ budget: 6, max: 9.5, last: 9.5, firstStepOverBudget: 1300 });
    expect(
      detectOveroptimisation(
        reward(
          (s) => s / 1000,
          (s) => s / 200,
        ),
        [],
        { klBudget: 10 },
      ).flags,
    ).toEqual([]);
  });

  it('says insufficient-data without enough human evaluations', () => {
    const report = detectOveroptimisation(
      reward((s) => s / 1000),
      [{ step: 1800, winRate: 0.5 }],
      { klBudget: null },
    );
    expect(report).toMatchObject({ status: 'insufficient-data', flags: [] });
    expect(detectOveroptimisation([], [], { klBudget: null })).toMatchObject({
      status: 'insufficient-data',
      window: null,
    });
    expect(() => detectOveroptimisation([], [], { klBudget: 0 })).toThrow('klBudget must be positive or null');
  });
});
