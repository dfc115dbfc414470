/**
 * What `extractFeatures` computes. Part of every model artifact: a model only
 * scores correctly with the feature configuration it was trained with.
 */
export interface FeatureConfig {
  /** Slots for hashed n-grams; a power of two from 2^4 to 2^24. Default 2^18. */
  readonly dimension: number;
  /** Word n-grams up to this order (1 = unigrams, 2 = uni- and bigrams). Default 2. */
  readonly wordNgramMax: number;
  /** Character n-gram length over the lower-cased response; 0 turns them off. Default 3. */
  readonly charNgramSize: number;
  /** Hash response words that also occur in the prompt (a cheap prompt×response interaction). Default true. */
  readonly promptInteractions: boolean;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  dimension: 2 ** 18,
  wordNgramMax: 2,
  charNgramSize: 3,
  promptInteractions: true,
};

/**
 * Dense features stored after the hashed slots, at `dimension + i`:
 * log(1 + characters), log(1 + words), log(1 + lines), log(1 + list-marker lines)
 * (lines opening with `-`, `*`, `•` or `1.`/`1)`), and the share of the response's
 * distinct words that also occur in the prompt.
 */
export const LENGTH_FEATURE_NAMES = [
  'logCharacters',
  'logWords',
  'logLines',
  'logListMarkers',
  'promptWordOverlap',
] as const;

/** Length of a model's weight vector: hashed slots plus the dense features. */
export function featureVectorLength(config: FeatureConfig): number {
  return config.dimension + LENGTH_FEATURE_NAMES.length;
}
