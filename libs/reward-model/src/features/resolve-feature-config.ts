import { ValidationError, type FieldIssue } from '@hindsight/contracts';
import { DEFAULT_FEATURE_CONFIG, type FeatureConfig } from './feature-config';

/**
 * Fills a partial feature configuration with the defaults and checks it.
 *
 * @example resolveFeatureConfig({ dimension: 2 ** 16 }) // { dimension: 65536, wordNgramMax: 2, charNgramSize: 3, promptInteractions: true }
 * @throws ValidationError naming each bad field (`featureConfig.dimension: power of two from 16 to 16777216`, …).
 */
export function resolveFeatureConfig(partial: Partial<FeatureConfig> = {}, path = 'featureConfig'): FeatureConfig {
  const config: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, ...partial };
  const issues: FieldIssue[] = [];
  const { dimension, wordNgramMax, charNgramSize, promptInteractions } = config;
  if (!Number.isInteger(dimension) || dimension < 16 || dimension > 2 ** 24 || (dimension & (dimension - 1)) !== 0) {
    issues.push({ path: `${path}.dimension`, rule: 'power of two from 16 to 16777216' });
  }
  if (!Number.isInteger(wordNgramMax) || wordNgramMax < 1 || wordNgramMax > 2) {
    issues.push({ path: `${path}.wordNgramMax`, rule: '1 or 2' });
  }
  if (!Number.isInteger(charNgramSize) || charNgramSize < 0 || charNgramSize > 8) {
    issues.push({ path: `${path}.charNgramSize`, rule: 'integer from 0 to 8' });
  }
  if (typeof promptInteractions !== 'boolean') {
    issues.push({ path: `${path}.promptInteractions`, rule: 'boolean' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { dimension, wordNgramMax, charNgramSize, promptInteractions };
}
