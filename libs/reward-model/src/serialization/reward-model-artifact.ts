import type { FeatureConfig } from '../features/feature-config';
import type { RewardTrainingRecord } from '../model/reward-model';

export const REWARD_MODEL_FORMAT = 'hindsight.reward-model';
export const REWARD_MODEL_VERSION = 1;

/**
 * Version 1 of the reward-model artifact: UTF-8 JSON holding everything needed to
 * score again (feature configuration, weights) and to explain the model (training
 * record). Weights are the IEEE-754 float64 values, little-endian, in base64, so
 * a round trip gives bit-identical scores.
 */
export interface RewardModelArtifactV1 {
  readonly format: typeof REWARD_MODEL_FORMAT;
  readonly version: 1;
  readonly featureConfig: FeatureConfig;
  readonly training: RewardTrainingRecord;
  readonly weights: { readonly encoding: 'float64-le-base64'; readonly length: number; readonly data: string };
}
