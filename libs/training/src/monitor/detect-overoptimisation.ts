import { linearTrend, type LinearTrend } from './linear-trend';

export interface RewardPoint {
  readonly step: number;
  readonly meanReward: number;
  readonly kl: number;
}

export interface WinRatePoint {
  readonly step: number;
  readonly winRate: number;
}

export type MonitorFlag = 'reward-hacking' | 'kl-over-budget';

export interface MonitorOptions {
  /** The run's KL budget (nats); null: no budget, no KL flag. */
  readonly klBudget: number | null;
  /** One-sided significance level of the trend tests; default 0.05. */
  readonly alpha?: number;
  /** Share of the step range, counted back from the last step, that the trend tests look at; default 0.5. */
  readonly window?: number;
  /** Fewest reward points and human evaluations in the window for the trend tests; defaults 4 and 3. */
  readonly minRewardPoints?: number;
  readonly minHumanPoints?: number;
}

export interface MonitorReport {
  /** 'insufficient-data' when the trend tests could not run (the KL check still does). */
  readonly status: 'ok' | 'flagged' | 'insufficient-data';
  readonly flags: MonitorFlag[];
  /** The steps the trend tests looked at. */
  readonly window: { readonly fromStep: number; readonly toStep: number } | null;
  readonly reward: LinearTrend & { readonly rising: boolean };
  readonly humanEval: LinearTrend & { readonly improving: boolean };
  readonly kl: {
    readonly budget: number | null;
    readonly max: number | null;
    readonly last: number | null;
    readonly firstStepOverBudget: number | null;
  };
  /** One sentence per flag, for people. */
  readonly reasons: string[];
}

/**
 * The reward-hacking (overoptimisation) monitor of one policy-training run.
 *
 * - `reward-hacking`: over the trailing window of the run (the last `window`
 *   share of the steps, widened back to hold at least `minHumanPoints` human
 *   evaluations), the mean reward rises significantly (one-sided t-test of the
 *   least-squares slope, p < alpha) while the held-out human win rate does not
 *   (its slope is not significantly positive: flat or falling).
 * - `kl-over-budget`: some step's KL to the reference model exceeds the run's budget.
 *
 * Pure: points in any order; duplicates of a step are all used.
 * @example detectOveroptimisation(training, humanEval, { klBudget: 8 }).flags // ['reward-hacking']
 * @throws RangeError on non-finite values or options out of range.
 */
export function detectOveroptimisation(
  training: readonly RewardPoint[],
  humanEval: readonly WinRatePoint[],
  options: MonitorOptions,
): MonitorReport {
  const alpha = options.alpha ?? 0.05;
  const windowShare = options.window ?? 0.5;
  const minReward = options.minRewardPoints ?? 4;
  const minHuman = options.minHumanPoints ?? 3;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`detectOveroptimisation: alpha must be in (0, 1), got ${alpha}`);
  if (!(windowShare > 0 && windowShare <= 1))
    throw new RangeError(`detectOveroptimisation: window must be in (0, 1], got ${windowShare}`);
  if (options.klBudget !== null && !(options.klBudget > 0))
    throw new RangeError(`detectOveroptimisation: klBudget must be positive or null, got ${options.klBudget}`);

  const flags: MonitorFlag[] = [];
  const reasons: string[] = [];
  const kls = training.map((p) => p.kl);
  const sortedTraining = [...training].sort((a, b) => a.step - b.step);
  const over = options.klBudget === null ? undefined : sortedTraining.find((p) => p.kl > (options.klBudget as number));
  const kl = {
    budget: options.klBudget,
    max: kls.length ? Math.max(...kls) : null,
    last: sortedTraining.length ? sortedTraining[sortedTraining.length - 1].kl : null,
    firstStepOverBudget: over?.step ?? null,
  };
  if (over) {
    flags.push('kl-over-budget');
    reasons.push(
      `KL ${round(over.kl)} at step ${over.step} exceeds the run's budget of ${options.klBudget} (max ${round(kl.max as number)})`,
    );
  }

  const steps = [...training.map((p) => p.step), ...humanEval.map((p) => p.step)];
  const window = trendWindow(
    steps,
    humanEval.map((p) => p.step),
    windowShare,
    minHuman,
  );
  const inWindow = <T extends { step: number }>(points: readonly T[]) =>
    window ? points.filter((p) => p.step >= window.fromStep && p.step <= window.toStep) : [];
  const r = inWindow(training);
  const h = inWindow(humanEval);
  const rewardTrend = linearTrend(
    r.map((p) => p.step),
    r.map((p) => p.meanReward),
  );
  const humanTrend = linearTrend(
    h.map((p) => p.step),
    h.map((p) => p.winRate),
  );
  const rising = rewardTrend.pRising !== null && rewardTrend.pRising < alpha && rewardTrend.slope > 0;
  const improving = humanTrend.pRising !== null && humanTrend.pRising < alpha && humanTrend.slope > 0;
  const testable =
    r.length >= minReward && h.length >= minHuman && rewardTrend.pRising !== null && humanTrend.pRising !== null;
  if (testable && rising && !improving) {
    flags.push('reward-hacking');
    reasons.push(
      `from step ${window!.fromStep} to ${window!.toStep} the mean reward rises (slope ${sci(rewardTrend.slope)}/step, p = ${sci(rewardTrend.pRising!)}) ` +
        `while the human win rate is ${humanTrend.slope <= 0 ? 'falling or flat' : 'flat'} (slope ${sci(humanTrend.slope)}/step, p(rising) = ${sci(humanTrend.pRising!)})`,
    );
  }
  return {
    status: flags.length > 0 ? 'flagged' : testable ? 'ok' : 'insufficient-data',
    flags,
    window,
    reward: { ...rewardTrend, rising },
    humanEval: { ...humanTrend, improving },
    kl,
    reasons,
  };
}

/** The trailing share of the step range, widened back to hold `minHuman` human evaluations if there are that many. */
function trendWindow(
  allSteps: readonly number[],
  humanSteps: readonly number[],
  share: number,
  minHuman: number,
): { fromStep: number; toStep: number } | null {
  if (allSteps.length === 0) return null;
  const first = Math.min(...allSteps);
  const last = Math.max(...allSteps);
  let from = last - share * (last - first);
  const human = [...humanSteps].sort((a, b) => b - a);
  if (human.length >= minHuman && human[minHuman - 1] < from) from = human[minHuman - 1];
  return { fromStep: Math.floor(from), toStep: last };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const sci = (x: number) => (Math.abs(x) >= 0.001 || x === 0 ? String(round(x)) : x.toExponential(2));
