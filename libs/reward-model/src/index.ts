export { fnv1a32, FNV1A32_OFFSET_BASIS } from './hashing/fnv1a32';
export { mulberry32, type Random } from './random/mulberry32';
export { shuffledIndices } from './random/shuffled-indices';
export {
  DEFAULT_FEATURE_CONFIG,
  LENGTH_FEATURE_NAMES,
  featureVectorLength,
  type FeatureConfig,
} from './features/feature-config';
export { resolveFeatureConfig } from './features/resolve-feature-config';
export { extractFeatures } from './features/extract-features';
export type { SparseVector } from './features/sparse-vector';
export { subtractSparse } from './features/subtract-sparse';
export { sparseDot } from './features/sparse-dot';
export { minimizeLbfgs, type LbfgsOptions, type LbfgsResult } from './optimisation/minimize-lbfgs';
export { fitPairwiseLogistic, type PairwiseCountRow, type PairwiseLogisticFit } from './training/fit-pairwise-logistic';
export { splitPairIndices } from './training/split-pair-indices';
export { trainRewardModel, type RewardTrainingOptions } from './training/train-reward-model';
export type { PreferencePair, RewardModel, RewardTrainingRecord } from './model/reward-model';
export { scoreResponse } from './scoring/score-response';
export { evaluateRewardModel, type RewardModelEvaluation } from './evaluation/evaluate-reward-model';
export { expectedCalibrationError } from './evaluation/expected-calibration-error';
export { serializeRewardModel } from './serialization/serialize-reward-model';
export { deserializeRewardModel } from './serialization/deserialize-reward-model';
export {
  REWARD_MODEL_FORMAT,
  REWARD_MODEL_VERSION,
  type RewardModelArtifactV1,
} from './serialization/reward-model-artifact';
export {
  generateSyntheticPreferences,
  SYNTHETIC_GOOD_WORDS,
  SYNTHETIC_BAD_WORDS,
  type SyntheticPreferences,
} from './synthetic/generate-synthetic-preferences';
export { blendRewardModels } from './blend/blend-reward-models';
export { relativeWeightDistance } from './blend/weight-distance';
