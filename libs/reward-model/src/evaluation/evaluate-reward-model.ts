import { ValidationError } from '@hindsight/contracts';
import type { PreferencePair, RewardModel } from '../model/reward-model';
import { scoreResponse } from '../scoring/score-response';
import { validatePreferencePairs } from '../training/validate-preference-pairs';
import { expectedCalibrationError } from './expected-calibration-error';

export interface RewardModelEvaluation {
  /** Share of pairs where the chosen response scores higher; an exact tie counts ½. */
  readonly pairwiseAccuracy: number;
  /** Mean −log P(chosen ≻ rejected), natural log. */
  readonly logLoss: number;
  /**
   * ECE, 10 equal-width bins, over the predicted probability p = σ(score(chosen) − score(rejected)).
   * Every pair enters in both orientations, (p, outcome 1) and (1 − p, outcome 0), so the
   * measure does not depend on which response was listed first: with the chosen side alone
   * every outcome would be 1 and ECE would collapse to 1 − mean(p).
   */
  readonly expectedCalibrationError: number;
  readonly count: number;
}

/**
 * Held-out quality of a reward model on preference pairs (unweighted; pair weights are ignored).
 *
 * @example evaluateRewardModel(model, heldOut) // { pairwiseAccuracy: 0.71, logLoss: 0.56, expectedCalibrationError: 0.02, count: 2000 }
 * @throws ValidationError for an empty list or a malformed pair.
 */
export function evaluateRewardModel(model: RewardModel, pairs: readonly PreferencePair[]): RewardModelEvaluation {
  validatePreferencePairs(pairs, 'pairs');
  const n = pairs.length;
  const probabilities = new Float64Array(2 * n);
  const outcomes = new Float64Array(2 * n);
  let correct = 0;
  let logLoss = 0;
  for (let i = 0; i < n; i++) {
    const { prompt, chosen, rejected } = pairs[i];
    const margin = scoreResponse(model, prompt, chosen) - scoreResponse(model, prompt, rejected);
    if (!Number.isFinite(margin))
      throw new ValidationError([{ path: 'model.weights', rule: 'evaluateRewardModel: finite scores' }]);
    correct += margin > 0 ? 1 : margin === 0 ? 0.5 : 0;
    // −log σ(m) = log(1 + e^(−m)), computed without overflow.
    logLoss += margin >= 0 ? Math.log1p(Math.exp(-margin)) : Math.log1p(Math.exp(margin)) - margin;
    const p = 1 / (1 + Math.exp(-margin));
    probabilities[2 * i] = p;
    outcomes[2 * i] = 1;
    probabilities[2 * i + 1] = 1 - p;
    outcomes[2 * i + 1] = 0;
  }
  return {
    pairwiseAccuracy: correct / n,
    logLoss: logLoss / n,
    expectedCalibrationError: expectedCalibrationError(probabilities, outcomes, 10),
    count: n,
  };
}
