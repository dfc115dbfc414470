import { detectOveroptimisation } from '@hindsight/training';
import type { RunView } from '@hindsight/training';
import { renderRunView } from './runs.command';

const training = Array.from({ length: 11 }, (_, i) => ({ step: i * 100, meanReward: i / 10, kl: i / 2, objective: null }));
const humanEval = [0, 250, 500, 750, 1000].map((step, i) => ({ step, winRate: [0.5, 0.6, 0.62, 0.55, 0.5][i], n: 100, objective: null, baseline: null }));
const view: RunView = {
  runId: 'ppo-7',
  status: null,
  trainer: null,
  klBudget: 4,
  curves: { training, humanEval },
  monitor: detectOveroptimisation(training, humanEval, { klBudget: 4 }),
};

describe('renderRunView', () => {
  it('draws the reward and the human win rate side by side, and KL against the budget', () => {
    const text = renderRunView(view, 20);
    const lines = text.split('\n');
    expect(lines[0]).toBe('run ppo-7');
    expect(lines[1]).toBe('monitor: flagged  flags: kl-over-budget, reward-hacking');
    const header = lines.find((l) => /^\s+mean reward/.test(l))!;
    expect(header).toMatch(/mean reward\s+human win rate/);
    const chartTop = lines[lines.indexOf(header) + 1];
    // Reward peaks at 1 on the right end of the left chart; the win rate axis tops out at its maximum, 0.62.
    expect(chartTop).toMatch(/^\s+1 \|\s+\*\s+0\.620 \|/);
    expect(text).toContain("KL to reference (budget 4, '-')");
    expect(text).toMatch(/-{20}/);
    expect(text).toContain('step 0');
  });

  it('says when there are no curves to draw', () => {
    const empty: RunView = { ...view, klBudget: null, curves: { training: [], humanEval: [] }, monitor: detectOveroptimisation([], [], { klBudget: null }) };
    const text = renderRunView(empty, 20);
    expect(text).toContain('monitor: insufficient-data');
    expect(text.match(/no data/g)).toHaveLength(2);
    expect(text).not.toContain('KL to reference');
  });
});
