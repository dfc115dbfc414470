import { ValidationError } from '@hindsight/contracts';
import { resolveFeatureConfig } from '../features/resolve-feature-config';
import { featureVectorLength } from '../features/feature-config';
import type { RewardModel } from '../model/reward-model';
import { evaluateRewardModel } from './evaluate-reward-model';
import { expectedCalibrationError } from './expected-calibration-error';

describe('expectedCalibrationError', () => {
  it('matches a hand computation', () => {
    // Probabilities 0.05, 0.15, 0.15, 0.72, 0.78, 0.95 with outcomes 0, 0, 1, 1, 0, 1 (N = 6):
    //   bin 0: {0.05→0}          |0 − 0.05| · 1/6 = 0.05/6
    //   bin 1: {0.15→0, 0.15→1}  |0.5 − 0.15| · 2/6 = 0.70/6
    //   bin 7: {0.72→1, 0.78→0}  |0.5 − 0.75| · 2/6 = 0.50/6
    //   bin 9: {0.95→1}          |1 − 0.95| · 1/6 = 0.05/6
    // ECE = 1.30 / 6 = 0.216666…
    expect(expectedCalibrationError([0.05, 0.15, 0.15, 0.72, 0.78, 0.95], [0, 0, 1, 1, 0, 1])).toBeCloseTo(1.3 / 6, 12);
    // p = 1 joins the last bin; a perfectly calibrated certain prediction costs nothing.
    expect(expectedCalibrationError([1, 0], [1, 0])).toBe(0);
  });

  it('rejects probabilities outside [0, 1] and mismatched lists', () => {
    expect(() => expectedCalibrationError([1.2], [1])).toThrow(/probabilities\[0\]/);
    expect(() => expectedCalibrationError([0.5], [1, 0])).toThrow(ValidationError);
    expect(() => expectedCalibrationError([0.5], [2])).toThrow(/outcomes\[0\]/);
  });
});

describe('evaluateRewardModel', () => {
  // A model that scores only log(1 + characters), with weight 1: the margin between responses of
  // c and r characters is ln((1 + c)/(1 + r)), so P(chosen) = (1 + c)/(2 + c + r).
  const featureConfig = resolveFeatureConfig({ dimension: 16 });
  const weights = new Float64Array(featureVectorLength(featureConfig));
  weights[featureConfig.dimension] = 1;
  const model: RewardModel = {
    featureConfig,
    weights,
    training: {
      seed: 0,
      l2: 0,
      maxIterations: 1,
      gradientTolerance: 1,
      validationFraction: 0,
      trainingPairs: 0,
      validationPairs: 0,
      iterations: 0,
      converged: true,
      finalLoss: 0,
      validationLoss: null,
    },
  };
  const text = (characters: number) => 'x'.repeat(characters);

  it('computes accuracy, log-loss and the two-sided ECE by hand', () => {
    // Lengths (16 vs 2), (16 vs 2), (12 vs 6), (6 vs 12) give P(chosen) = 17/20, 17/20, 13/20, 7/20,
    // i.e. 0.85, 0.85, 0.65, 0.35. Accuracy: 3 of 4 chosen score higher → 0.75.
    // Log-loss: −(2 ln 0.85 + ln 0.65 + ln 0.35) / 4.
    // ECE over both orientations (N = 8): (0.85, 1)×2 and (0.15, 0)×2, (0.65, 1), (0.35, 0),
    // (0.35, 1), (0.65, 0). Bins: 8 → {0.85, 0.85}, acc 1, conf 0.85, |0.15|·2/8 = 0.0375;
    // bin 1 → {0.15, 0.15}, acc 0, |0.15|·2/8 = 0.0375; bin 6 → {0.65 (1), 0.65 (0)}, acc 0.5,
    // |0.15|·2/8 = 0.0375; bin 3 → {0.35 (0), 0.35 (1)}, acc 0.5, |0.15|·2/8 = 0.0375. Total 0.15.
    const pairs = [
      [16, 2],
      [16, 2],
      [12, 6],
      [6, 12],
    ].map(([c, r]) => ({ prompt: 'p', chosen: text(c), rejected: text(r) }));
    const result = evaluateRewardModel(model, pairs);
    expect(result.count).toBe(4);
    expect(result.pairwiseAccuracy).toBe(0.75);
    expect(result.logLoss).toBeCloseTo(-(2 * Math.log(0.85) + Math.log(0.65) + Math.log(0.35)) / 4, 12);
    expect(result.expectedCalibrationError).toBeCloseTo(0.15, 12);
  });

  it('counts a tie as half right and rejects an empty list', () => {
    expect(evaluateRewardModel(model, [{ prompt: 'p', chosen: text(5), rejected: text(5) }]).pairwiseAccuracy).toBe(
      0.5,
    );
    expect(() => evaluateRewardModel(model, [])).toThrow(ValidationError);
  });
});
