import type { FeatureConfig } from '../features/feature-config';

/** One human preference: `chosen` was preferred to `rejected` as an answer to `prompt`. */
export interface PreferencePair {
  readonly prompt: string;
  readonly chosen: string;
  readonly rejected: string;
  /** Non-negative importance weight (e.g. from a dataset recipe). Default 1. */
  readonly weight?: number;
}

/** What a training run used and how it ended; stored in the artifact. */
export interface RewardTrainingRecord {
  readonly seed: number;
  readonly l2: number;
  readonly maxIterations: number;
  readonly gradientTolerance: number;
  readonly validationFraction: number;
  readonly trainingPairs: number;
  readonly validationPairs: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Regularised training objective at the returned weights. */
  readonly finalLoss: number;
  /** Mean validation log-loss at the returned weights, or null without a validation split. */
  readonly validationLoss: number | null;
}

/**
 * A trained Bradley–Terry reward model: reward(prompt, response) = weights · φ(prompt, response)
 * with φ = `extractFeatures(…, featureConfig)`. Rewards are comparable between
 * responses to the same prompt; P(a ≻ b) = σ(reward(a) − reward(b)).
 */
export interface RewardModel {
  readonly featureConfig: FeatureConfig;
  readonly training: RewardTrainingRecord;
  readonly weights: Float64Array;
}
