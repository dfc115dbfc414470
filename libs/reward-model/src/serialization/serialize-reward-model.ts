import { featureVectorLength } from '../features/feature-config';
import type { RewardModel } from '../model/reward-model';
import { encodeBase64 } from './encode-base64';
import { REWARD_MODEL_FORMAT, type RewardModelArtifactV1 } from './reward-model-artifact';
import { ValidationError } from '@hindsight/contracts';

/**
 * The versioned artifact of a reward model (see `RewardModelArtifactV1`) as UTF-8 bytes.
 * Deterministic: the same model always gives the same bytes.
 *
 * @example deserializeRewardModel(serializeRewardModel(model)) // scores exactly like `model`
 * @throws ValidationError when the weight vector does not match the feature configuration.
 */
export function serializeRewardModel(model: RewardModel): Uint8Array {
  const { featureConfig, training, weights } = model;
  if (weights.length !== featureVectorLength(featureConfig)) {
    throw new ValidationError([
      { path: 'model.weights', rule: `serializeRewardModel: length ${featureVectorLength(featureConfig)}` },
    ]);
  }
  const bytes = new Uint8Array(weights.length * 8);
  const view = new DataView(bytes.buffer);
  for (let j = 0; j < weights.length; j++) view.setFloat64(j * 8, weights[j], true);
  const artifact: RewardModelArtifactV1 = {
    format: REWARD_MODEL_FORMAT,
    version: 1,
    featureConfig: {
      dimension: featureConfig.dimension,
      wordNgramMax: featureConfig.wordNgramMax,
      charNgramSize: featureConfig.charNgramSize,
      promptInteractions: featureConfig.promptInteractions,
    },
    training: { ...training },
    weights: { encoding: 'float64-le-base64', length: weights.length, data: encodeBase64(bytes) },
  };
  return new TextEncoder().encode(JSON.stringify(artifact));
}
