import type { RunViewJson } from './api-types';

export interface RewardHackingView {
  /** mean reward per step (the policy's own reward model) */
  readonly reward: { readonly step: number; readonly meanReward: number }[];
  /** held-out human win rate per step (0.5 = as good as the baseline) */
  readonly humanWinRate: { readonly step: number; readonly winRate: number }[];
  readonly kl: { readonly step: number; readonly kl: number; readonly overBudget: boolean }[];
  readonly klBudget: number | null;
  readonly status: RunViewJson['monitor']['status'];
  readonly flags: readonly string[];
  readonly reasons: readonly string[];
  /** the steps the trend tests looked at */
  readonly window: { readonly fromStep: number; readonly toStep: number } | null;
}

/**
 * The reward-hacking view of a run: mean reward against the human win rate, KL
 * against the budget (points above it marked), and the monitor's flags with its
 * reasons, as `hindsight runs show RUN --json` gives them. Points sorted by step.
 *
 * @example
 * rewardHackingView(run).flags; // ['reward-hacking', 'kl-over-budget']
 * @throws never.
 */
export function rewardHackingView(run: RunViewJson): RewardHackingView {
  const budget = run.klBudget;
  const training = [...run.curves.training].sort((a, b) => a.step - b.step);
  return {
    reward: training.map((p) => ({ step: p.step, meanReward: p.meanReward })),
    humanWinRate: [...run.curves.humanEval]
      .sort((a, b) => a.step - b.step)
      .map((p) => ({ step: p.step, winRate: p.winRate })),
    kl: training.map((p) => ({ step: p.step, kl: p.kl, overBudget: budget !== null && p.kl > budget })),
    klBudget: budget,
    status: run.monitor.status,
    flags: run.monitor.flags,
    reasons: run.monitor.reasons,
    window: run.monitor.window,
  };
}
