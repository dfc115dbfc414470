import { ValidationError, type FieldIssue } from '@hindsight/contracts';
import { featureVectorLength, type FeatureConfig } from '../features/feature-config';
import { resolveFeatureConfig } from '../features/resolve-feature-config';
import type { RewardModel, RewardTrainingRecord } from '../model/reward-model';
import { decodeBase64 } from './decode-base64';
import { REWARD_MODEL_FORMAT, REWARD_MODEL_VERSION } from './reward-model-artifact';

const TRAINING_NUMBERS = [
  'seed',
  'l2',
  'maxIterations',
  'gradientTolerance',
  'validationFraction',
  'trainingPairs',
  'validationPairs',
  'iterations',
  'finalLoss',
] as const;

/**
 * Loads a reward model from the bytes of `serializeRewardModel`; the result
 * scores bit-identically to the model that was saved.
 *
 * @example scoreResponse(deserializeRewardModel(bytes), prompt, response)
 * @throws ValidationError when the bytes are not JSON, the format is not `hindsight.reward-model`,
 *   the version is not 1 (`version: unsupported version 2; this build reads version 1`), or a field
 *   (feature configuration, training record, weights) is missing or malformed.
 */
export function deserializeRewardModel(bytes: Uint8Array): RewardModel {
  let artifact: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    artifact = parsed as Record<string, unknown>;
  } catch {
    throw new ValidationError([{ path: 'artifact', rule: 'deserializeRewardModel: UTF-8 JSON object' }]);
  }
  if (artifact.format !== REWARD_MODEL_FORMAT) {
    throw new ValidationError([{ path: 'format', rule: `deserializeRewardModel: must be "${REWARD_MODEL_FORMAT}"` }]);
  }
  if (artifact.version !== REWARD_MODEL_VERSION) {
    throw new ValidationError([
      {
        path: 'version',
        rule: `unsupported version ${JSON.stringify(artifact.version)}; this build reads version ${REWARD_MODEL_VERSION}`,
      },
    ]);
  }

  const config = artifact.featureConfig as Partial<FeatureConfig> | undefined;
  const required = ['dimension', 'wordNgramMax', 'charNgramSize', 'promptInteractions'] as const;
  const missing = required.filter((field) => typeof config !== 'object' || config === null || !(field in config));
  if (missing.length > 0)
    throw new ValidationError(missing.map((field) => ({ path: `featureConfig.${field}`, rule: 'required' })));
  const featureConfig = resolveFeatureConfig(config, 'featureConfig');

  const training = artifact.training as Record<string, unknown> | undefined;
  const issues: FieldIssue[] = [];
  if (typeof training !== 'object' || training === null) {
    issues.push({ path: 'training', rule: 'object' });
  } else {
    for (const field of TRAINING_NUMBERS) {
      if (typeof training[field] !== 'number') issues.push({ path: `training.${field}`, rule: 'number' });
    }
    if (typeof training.converged !== 'boolean') issues.push({ path: 'training.converged', rule: 'boolean' });
    if (training.validationLoss !== null && typeof training.validationLoss !== 'number') {
      issues.push({ path: 'training.validationLoss', rule: 'number or null' });
    }
  }
  const weights = artifact.weights as { encoding?: unknown; length?: unknown; data?: unknown } | undefined;
  const expectedLength = featureVectorLength(featureConfig);
  if (typeof weights !== 'object' || weights === null || weights.encoding !== 'float64-le-base64') {
    issues.push({ path: 'weights.encoding', rule: 'must be "float64-le-base64"' });
  } else if (weights.length !== expectedLength || typeof weights.data !== 'string') {
    issues.push({ path: 'weights.length', rule: `must be ${expectedLength} for this feature configuration` });
  }
  if (issues.length > 0) throw new ValidationError(issues);

  const raw = decodeBase64((weights as { data: string }).data, 'weights.data');
  if (raw.length !== expectedLength * 8)
    throw new ValidationError([{ path: 'weights.data', rule: `${expectedLength * 8} bytes` }]);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const values = new Float64Array(expectedLength);
  for (let j = 0; j < expectedLength; j++) values[j] = view.getFloat64(j * 8, true);

  const record = training as unknown as RewardTrainingRecord;
  return {
    featureConfig,
    weights: values,
    training: {
      seed: record.seed,
      l2: record.l2,
      maxIterations: record.maxIterations,
      gradientTolerance: record.gradientTolerance,
      validationFraction: record.validationFraction,
      trainingPairs: record.trainingPairs,
      validationPairs: record.validationPairs,
      iterations: record.iterations,
      converged: record.converged,
      finalLoss: record.finalLoss,
      validationLoss: record.validationLoss,
    },
  };
}
