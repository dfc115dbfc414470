import { ValidationError, type FieldIssue } from '@hindsight/contracts';
import { featureVectorLength, type FeatureConfig } from '../features/feature-config';
import { resolveFeatureConfig } from '../features/resolve-feature-config';
import type { PreferencePair, RewardModel } from '../model/reward-model';
import { minimizeLbfgs } from '../optimisation/minimize-lbfgs';
import { buildPairDesign } from './build-pair-design';
import { pairwiseLogisticObjective } from './pairwise-logistic-objective';
import { splitPairIndices } from './split-pair-indices';
import { validatePreferencePairs } from './validate-preference-pairs';

export interface RewardTrainingOptions {
  /** Seeds the validation split; recorded in the artifact. Full-batch L-BFGS itself uses no randomness. */
  readonly seed: number;
  /** Ridge penalty λ in mean log-loss + (λ/2)‖w‖²; finite and ≥ 0. */
  readonly l2: number;
  /** Most L-BFGS iterations (each is about one pass over the pairs). */
  readonly maxIterations: number;
  /** Partial feature configuration; the rest from `DEFAULT_FEATURE_CONFIG`. */
  readonly featureConfig?: Partial<FeatureConfig>;
  /** Share of pairs held out (seeded) to keep the weights of the best validation log-loss. Default 0. */
  readonly validationFraction?: number;
  /** Stop when max |∂f/∂wⱼ| ≤ this. Default 1e-6. */
  readonly gradientTolerance?: number;
  /** Called after each iteration with the regularised training loss (and the validation log-loss, if any). */
  readonly onProgress?: (step: number, loss: number, validationLoss?: number) => void;
}

/**
 * Trains a Bradley–Terry reward model, P(chosen ≻ rejected) = σ(w·(φ(chosen) − φ(rejected))),
 * by minimising the weighted mean log-loss plus (l2/2)‖w‖² with L-BFGS over
 * hashed sparse features. Deterministic: same pairs and options, same weights,
 * bit for bit.
 *
 * @example trainRewardModel(pairs, { seed: 1, l2: 1e-4, maxIterations: 100 }).weights
 * @throws ValidationError for no pairs, a malformed pair or weight, a non-finite or negative l2,
 *   a bad seed, iteration count, validation fraction or feature configuration.
 */
export function trainRewardModel(pairs: readonly PreferencePair[], options: RewardTrainingOptions): RewardModel {
  const { seed, l2, maxIterations, validationFraction = 0, gradientTolerance = 1e-6, onProgress } = options;
  const issues: FieldIssue[] = [];
  if (!Number.isSafeInteger(seed)) issues.push({ path: 'options.seed', rule: 'safe integer' });
  if (typeof l2 !== 'number' || !Number.isFinite(l2) || l2 < 0)
    issues.push({ path: 'options.l2', rule: 'finite number ≥ 0' });
  if (!Number.isInteger(maxIterations) || maxIterations < 1)
    issues.push({ path: 'options.maxIterations', rule: 'positive integer' });
  if (!(validationFraction >= 0 && validationFraction < 1))
    issues.push({ path: 'options.validationFraction', rule: 'in [0, 1)' });
  if (!(gradientTolerance > 0)) issues.push({ path: 'options.gradientTolerance', rule: 'positive number' });
  if (issues.length > 0) throw new ValidationError(issues);
  const featureConfig = resolveFeatureConfig(options.featureConfig, 'options.featureConfig');
  validatePreferencePairs(pairs, 'pairs');

  const split = splitPairIndices(pairs.length, validationFraction, seed);
  if (split.training.length === 0)
    throw new ValidationError([{ path: 'options.validationFraction', rule: 'leaves no training pairs' }]);
  const design = buildPairDesign(pairs, featureConfig, validationFraction > 0 ? split.training : undefined);
  if (design.totalWeight === 0)
    throw new ValidationError([{ path: 'pairs', rule: 'training pairs have total weight 0' }]);
  const validation = split.holdout.length > 0 ? buildPairDesign(pairs, featureConfig, split.holdout) : undefined;
  const validationLossAt =
    validation && validation.totalWeight > 0 ? pairwiseLogisticObjective(validation, 0) : undefined;
  const scratch = validationLossAt ? new Float64Array(design.columns) : undefined;

  let best: { weights: Float64Array; loss: number; validationLoss: number } | undefined;
  const result = minimizeLbfgs(
    pairwiseLogisticObjective(design, l2),
    new Float64Array(featureVectorLength(featureConfig)),
    {
      maxIterations,
      gradientTolerance,
      onIteration: (step, loss, weights) => {
        if (validationLossAt && scratch) {
          const validationLoss = validationLossAt(weights, scratch);
          if (best === undefined || validationLoss < best.validationLoss) {
            best = { weights: Float64Array.from(weights), loss, validationLoss };
          }
          onProgress?.(step, loss, validationLoss);
        } else {
          onProgress?.(step, loss);
        }
      },
    },
  );

  const chosen = best ?? { weights: result.x, loss: result.value, validationLoss: null };
  return {
    featureConfig,
    weights: chosen.weights,
    training: {
      seed,
      l2,
      maxIterations,
      gradientTolerance,
      validationFraction,
      trainingPairs: design.rowCount,
      validationPairs: validation?.rowCount ?? 0,
      iterations: result.iterations,
      converged: result.converged,
      finalLoss: chosen.loss,
      validationLoss: chosen.validationLoss,
    },
  };
}
