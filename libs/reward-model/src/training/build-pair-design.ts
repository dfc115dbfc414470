import { extractFeatures } from '../features/extract-features';
import { featureVectorLength, type FeatureConfig } from '../features/feature-config';
import type { PreferencePair } from '../model/reward-model';
import type { PairDesign } from './pair-design';
import { createPairDesignBuilder } from './pair-design-builder';

/**
 * The training design for preference pairs: one row φ(prompt, chosen) − φ(prompt, rejected)
 * per pair (in `order`, or all pairs in order), weighted by `pair.weight ?? 1`.
 *
 * @example buildPairDesign(pairs, DEFAULT_FEATURE_CONFIG).rowCount // pairs.length
 * @throws never; pairs are validated by `trainRewardModel`.
 */
export function buildPairDesign(
  pairs: readonly PreferencePair[],
  config: FeatureConfig,
  order?: ArrayLike<number>,
): PairDesign {
  const builder = createPairDesignBuilder(featureVectorLength(config));
  const count = order?.length ?? pairs.length;
  for (let k = 0; k < count; k++) {
    const pair = pairs[order === undefined ? k : order[k]];
    builder.addDifference(
      extractFeatures(pair.prompt, pair.chosen, config),
      extractFeatures(pair.prompt, pair.rejected, config),
      pair.weight ?? 1,
    );
  }
  return builder.finish();
}
