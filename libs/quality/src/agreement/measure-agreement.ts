import { mulberry32, type Random } from '@hindsight/reward-model';
import { bootstrapInterval } from './bootstrap-interval';
import { cohenKappa, type KappaWeights } from './cohen-kappa';
import { fleissKappa } from './fleiss-kappa';
import { invalidInput } from './invalid-input';
import { krippendorffAlpha, type MeasurementLevel } from './krippendorff-alpha';
import { percentAgreement } from './percent-agreement';
import type { Label, RatingMatrix } from './ratings';
import { validateRatings } from './validate-ratings';

export type AgreementMetric = 'cohen' | 'fleiss' | 'krippendorff' | 'percent';

export interface AgreementOptions {
  readonly metric: AgreementMetric;
  /** Cohen's kappa only; default 'none' */
  readonly weights?: KappaWeights;
  /** Krippendorff's alpha only; default 'nominal' */
  readonly level?: MeasurementLevel;
  /** order of string labels for weighted kappa or ordinal alpha */
  readonly categories?: readonly Label[];
  /** bootstrap resamples; default 1000 */
  readonly iterations?: number;
  /** interval coverage; default 0.95 */
  readonly confidence?: number;
  /** seeded source for the bootstrap; default mulberry32(1) */
  readonly random?: Random;
}

export interface AgreementResult {
  readonly metric: AgreementMetric;
  readonly value: number;
  /** units with at least two ratings (the units the statistic can use) */
  readonly units: number;
  /** rater columns */
  readonly raters: number;
  /** percentile bootstrap interval over resampled units */
  readonly ci: [number, number];
}

/**
 * One agreement statistic with its percentile bootstrap confidence interval
 * over units (rows): Cohen's kappa (exactly two raters; weights none, linear or
 * quadratic), Fleiss' kappa, Krippendorff's alpha (any level, missing values)
 * or percent agreement. Deterministic: the bootstrap is driven by the `random`
 * source (default `mulberry32(1)`).
 *
 * @example
 * measureAgreement([[1, 1], [2, 2], [1, 2]], { metric: 'cohen', iterations: 200 });
 * // { metric: 'cohen', value: 0.4, units: 3, raters: 2, ci: [low, high] }
 * @throws ValidationError when the metric or an option is unknown, or the
 *   statistic refuses the data (e.g. Cohen's kappa with other than two raters).
 */
export function measureAgreement(ratings: RatingMatrix, options: AgreementOptions): AgreementResult {
  const fn = 'measureAgreement';
  const statistic = (data: RatingMatrix): number => {
    switch (options.metric) {
      case 'cohen':
        return cohenKappa(data, { weights: options.weights, categories: options.categories });
      case 'fleiss':
        return fleissKappa(data);
      case 'krippendorff':
        return krippendorffAlpha(data, { level: options.level, categories: options.categories });
      case 'percent':
        return percentAgreement(data);
      default: {
        const unknown: never = options.metric;
        throw invalidInput(
          fn,
          'options.metric',
          `must be cohen, fleiss, krippendorff or percent (got "${String(unknown)}")`,
        );
      }
    }
  };
  if (options.weights !== undefined && options.metric !== 'cohen')
    throw invalidInput(fn, 'options.weights', 'applies to the cohen metric only');
  if (options.level !== undefined && options.metric !== 'krippendorff')
    throw invalidInput(fn, 'options.level', 'applies to the krippendorff metric only');
  const value = statistic(ratings);
  const { raters } = validateRatings(fn, ratings);
  const units = ratings.filter((row) => row.filter((cell) => cell !== null).length >= 2).length;
  const ci = bootstrapInterval(ratings, statistic, {
    random: options.random ?? mulberry32(1),
    iterations: options.iterations,
    confidence: options.confidence,
  });
  return { metric: options.metric, value, units, raters, ci };
}
