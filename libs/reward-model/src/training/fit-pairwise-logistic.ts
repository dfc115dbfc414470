import { ValidationError, type FieldIssue } from '@hindsight/contracts';
import { minimizeLbfgs } from '../optimisation/minimize-lbfgs';
import { createPairDesignBuilder } from './pair-design-builder';
import { pairwiseLogisticObjective } from './pairwise-logistic-objective';

/** One kind of contest: the design row x (e.g. player indicators +1/−1), and how often the first side won and lost. */
export interface PairwiseCountRow {
  readonly difference: readonly number[];
  readonly wins: number;
  readonly losses: number;
}

export interface PairwiseLogisticFit {
  readonly coefficients: number[];
  /** Σ wins·log σ(x·β) + losses·log σ(−x·β) at the fit. */
  readonly logLikelihood: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Unregularised maximum-likelihood logistic regression on pairwise differences,
 * P(first wins) = σ(x·β), for a small dense design: the Bradley–Terry model as a
 * GLM (Agresti, "Categorical Data Analysis", §10.6). It runs the same objective
 * and L-BFGS as `trainRewardModel` with l2 = 0, so it checks that core against
 * published fits. Drop one player's column (the reference) so β is identifiable.
 * Design values are stored as float32, exact for ±1 indicators.
 *
 * @example fitPairwiseLogistic([{ difference: [1], wins: 3, losses: 1 }]).coefficients // [log 3]
 * @throws ValidationError for no rows, ragged or non-finite rows, negative or non-finite counts, or no wins or losses at all.
 */
export function fitPairwiseLogistic(
  rows: readonly PairwiseCountRow[],
  options: { readonly maxIterations?: number; readonly gradientTolerance?: number } = {},
): PairwiseLogisticFit {
  const issues: FieldIssue[] = [];
  if (rows.length === 0) issues.push({ path: 'rows', rule: 'fitPairwiseLogistic: at least one row' });
  const columns = rows[0]?.difference.length ?? 0;
  rows.forEach((row, r) => {
    if (row.difference.length !== columns || !row.difference.every(Number.isFinite)) {
      issues.push({ path: `rows[${r}].difference`, rule: `fitPairwiseLogistic: ${columns} finite numbers` });
    }
    for (const field of ['wins', 'losses'] as const) {
      if (!Number.isFinite(row[field]) || row[field] < 0) {
        issues.push({ path: `rows[${r}].${field}`, rule: 'fitPairwiseLogistic: finite and ≥ 0' });
      }
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);

  const builder = createPairDesignBuilder(columns);
  for (const row of rows) {
    const indices = Int32Array.from(row.difference.keys()).filter((j) => row.difference[j] !== 0);
    const values = Float64Array.from(indices, (j) => row.difference[j]);
    if (row.wins > 0) builder.add({ indices, values }, row.wins);
    if (row.losses > 0) builder.add({ indices, values: values.map((v) => -v) }, row.losses);
  }
  const design = builder.finish();
  if (design.totalWeight === 0)
    throw new ValidationError([{ path: 'rows', rule: 'fitPairwiseLogistic: some wins or losses' }]);

  const result = minimizeLbfgs(pairwiseLogisticObjective(design, 0), new Float64Array(columns), {
    maxIterations: options.maxIterations ?? 1000,
    gradientTolerance: options.gradientTolerance ?? 1e-11,
    functionTolerance: 0,
  });
  return {
    coefficients: Array.from(result.x),
    logLikelihood: -result.value * design.totalWeight,
    iterations: result.iterations,
    converged: result.converged,
  };
}
