import { invalidInput } from '../agreement/invalid-input';
import type { Annotation } from './annotation';
import type { DawidSkeneFit } from './dawid-skene';

export type ReliabilityFlag = 'near-constant' | 'near-random';

export interface RaterReliabilityReport {
  readonly rater: string;
  readonly answers: number;
  /** the rater's most frequent label and its share of the rater's answers */
  readonly topLabel: string;
  readonly topLabelShare: number;
  /** Dawid–Skene accuracy Σ_k prior_k · confusion[k][k] */
  readonly accuracy: number;
  /** accuracy of a rater who ignores the item and draws labels at this rater's own frequencies: Σ_k prior_k · share_k */
  readonly chanceAccuracy: number;
  readonly flags: ReliabilityFlag[];
}

/**
 * Simple screens for raters worth a look, from a Dawid–Skene fit: `near-constant`
 * when one label makes up at least `constantShare` (default 0.9) of the rater's
 * answers, `near-random` when the estimated accuracy is within `randomMargin`
 * (default 0.1) of the chance accuracy for the rater's own label frequencies.
 * Raters with fewer than `minAnswers` (default 5) answers are reported without
 * flags. Raters come in the order of the fit.
 *
 * @example
 * flagRaters(annotations, dawidSkene(annotations));
 * // [{ rater: 'spammer', topLabel: 'parrot', topLabelShare: 1, flags: ['near-constant', 'near-random'], ... }, ...]
 * @throws ValidationError when an option is out of range or an annotation names
 *   a rater or label the fit does not know.
 */
export function flagRaters(
  annotations: readonly Annotation[],
  fit: DawidSkeneFit,
  options: { constantShare?: number; randomMargin?: number; minAnswers?: number } = {},
): RaterReliabilityReport[] {
  const fn = 'flagRaters';
  const constantShare = options.constantShare ?? 0.9;
  const randomMargin = options.randomMargin ?? 0.1;
  const minAnswers = options.minAnswers ?? 5;
  if (!(constantShare > 0 && constantShare <= 1)) throw invalidInput(fn, 'options.constantShare', 'must be in (0, 1]');
  if (!(randomMargin >= 0 && randomMargin < 1)) throw invalidInput(fn, 'options.randomMargin', 'must be in [0, 1)');
  if (!Number.isInteger(minAnswers) || minAnswers < 1)
    throw invalidInput(fn, 'options.minAnswers', 'must be a positive integer');
  const classIndex = new Map(fit.classes.map((c, k) => [c, k]));
  const raterIndex = new Map(fit.raters.map((r, i) => [r.rater, i]));
  const counts = fit.raters.map(() => new Array<number>(fit.classes.length).fill(0));
  annotations.forEach((a, i) => {
    const r = raterIndex.get(a.rater);
    const k = classIndex.get(a.label);
    if (r === undefined) throw invalidInput(fn, `annotations[${i}].rater`, `is not in the fit ("${a.rater}")`);
    if (k === undefined) throw invalidInput(fn, `annotations[${i}].label`, `is not a class of the fit ("${a.label}")`);
    counts[r][k]++;
  });
  return fit.raters.map((rater, r) => {
    const total = counts[r].reduce((s, x) => s + x, 0);
    let top = 0;
    for (let k = 1; k < counts[r].length; k++) if (counts[r][k] > counts[r][top]) top = k;
    const topLabelShare = total > 0 ? counts[r][top] / total : 0;
    const chanceAccuracy = total > 0 ? counts[r].reduce((s, x, k) => s + (fit.priors[k] * x) / total, 0) : 0;
    const flags: ReliabilityFlag[] = [];
    if (total >= minAnswers) {
      if (topLabelShare >= constantShare) flags.push('near-constant');
      if (rater.accuracy - chanceAccuracy < randomMargin) flags.push('near-random');
    }
    return {
      rater: rater.rater,
      answers: total,
      topLabel: fit.classes[top],
      topLabelShare,
      accuracy: rater.accuracy,
      chanceAccuracy,
      flags,
    };
  });
}
