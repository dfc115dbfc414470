import type { RunViewJson } from './api-types';
import { rewardHackingView } from './reward-hacking-view';

describe('rewardHackingView', () => {
  it('sorts the curves by step and marks the KL points above the budget', () => {
    const run: RunViewJson = {
      runId: 'ppo-1',
      status: null,
      trainer: null,
      klBudget: 5,
      curves: {
        training: [
          { step: 20, meanReward: 1.5, kl: 6 },
          { step: 10, meanReward: 1, kl: 4 },
        ],
        humanEval: [
          { step: 20, winRate: 0.5, n: 100 },
          { step: 10, winRate: 0.55, n: 100 },
        ],
      },
      monitor: {
        status: 'flagged',
        flags: ['kl-over-budget'],
        window: { fromStep: 10, toStep: 20 },
        kl: { budget: 5, max: 6, last: 6, firstStepOverBudget: 20 },
        reasons: ['KL 6 above the budget 5 from step 20'],
      },
    };
    const view = rewardHackingView(run);
    expect(view.reward).toEqual([
      { step: 10, meanReward: 1 },
      { step: 20, meanReward: 1.5 },
    ]);
    expect(view.humanWinRate).toEqual([
      { step: 10, winRate: 0.55 },
      { step: 20, winRate: 0.5 },
    ]);
    expect(view.kl).toEqual([
      { step: 10, kl: 4, overBudget: false },
      { step: 20, kl: 6, overBudget: true },
    ]);
    expect(view.flags).toEqual(['kl-over-budget']);
  });

  it('marks nothing over budget when the run has none', () => {
    const view = rewardHackingView({
      runId: 'r',
      status: null,
      trainer: null,
      klBudget: null,
      curves: { training: [{ step: 1, meanReward: 0, kl: 100 }], humanEval: [] },
      monitor: {
        status: 'insufficient-data',
        flags: [],
        window: null,
        kl: { budget: null, max: 100, last: 100, firstStepOverBudget: null },
        reasons: [],
      },
    });
    expect(view.kl[0].overBudget).toBe(false);
  });
});
