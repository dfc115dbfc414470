import { invalidInput } from '../agreement/invalid-input';
import { benjaminiHochberg } from '../distributions/benjamini-hochberg';
import { CHOSE_FIRST, CHOSE_TIE, type ComparisonIndex } from '../report/comparison-index';
import { groupByTask, type TaskBuckets } from '../report/group-by-task';
import { measureReversals, type ReversalSummary } from './measure-reversals';
import { positionStat, type PositionStat } from './position-stat';

export interface PositionBiasOptions {
  /** false-discovery rate for the per-rater tests (Benjamini–Hochberg); default 0.05 */
  readonly alpha?: number;
  /** a rater is flagged only if the first-win rate is ≥ this (or ≤ 1 − this); default 0.6 */
  readonly minFirstWinRate?: number;
  /** raters with fewer decided judgments are reported but never flagged; default 20 */
  readonly minDecided?: number;
}

export interface RaterPositionStat extends PositionStat {
  readonly rater: string;
  /** Benjamini–Hochberg adjusted p-value over all raters with enough judgments; null otherwise */
  readonly qValue: number | null;
  readonly flagged: boolean;
  /** which position the flagged rater favours */
  readonly favours: 'first' | 'second' | null;
}

export interface PositionBiasResult {
  readonly overall: PositionStat;
  readonly byRater: RaterPositionStat[];
  readonly byTaskType: (PositionStat & { readonly taskType: string })[];
  readonly byInterfaceVersion: (PositionStat & { readonly interfaceVersion: string })[];
  readonly reversals: ReversalSummary;
  /** codes of the flagged raters */
  readonly flaggedRaters: Set<number>;
  /** per comparison: 1 when it is low-confidence (by a flagged rater, or contradicted by its own rater in the other order) */
  readonly lowConfidence: Uint8Array;
}

function countBy(index: ComparisonIndex, codes: Int32Array, size: number): Int32Array {
  // counts[3c] first wins, [3c+1] second wins, [3c+2] ties
  const counts = new Int32Array(size * 3);
  for (let i = 0; i < index.size; i++) {
    const c = index.choice[i];
    counts[codes[i] * 3 + (c === CHOSE_FIRST ? 0 : c === CHOSE_TIE ? 2 : 1)]++;
  }
  return counts;
}

/**
 * First-position bias: the win rate of the response shown first (ties excluded),
 * with an exact binomial test against 0.5 and a Wilson interval, overall, per rater,
 * per task type and per interface version; reversal rates over pairs shown in both
 * orders. A rater is flagged when the Benjamini–Hochberg adjusted p-value is ≤ alpha
 * AND the effect is large (first-win rate ≥ minFirstWinRate, or ≤ 1 − it for a
 * second-position bias). The flagged raters' judgments and self-reversed judgments
 * are marked low-confidence. Linear in the number of comparisons.
 *
 * @example
 * const r = detectPositionBias(indexComparisons(records));
 * r.byRater.filter((x) => x.flagged).map((x) => x.rater);
 * @throws ValidationError when an option is out of range.
 */
export function detectPositionBias(
  index: ComparisonIndex,
  options: PositionBiasOptions = {},
  buckets?: TaskBuckets,
): PositionBiasResult {
  const fn = 'detectPositionBias';
  const alpha = options.alpha ?? 0.05;
  const minRate = options.minFirstWinRate ?? 0.6;
  const minDecided = options.minDecided ?? 20;
  if (!(alpha > 0 && alpha < 1)) throw invalidInput(fn, 'options.alpha', 'must lie strictly between 0 and 1');
  if (!(minRate >= 0.5 && minRate <= 1)) throw invalidInput(fn, 'options.minFirstWinRate', 'must lie in [0.5, 1]');
  if (!Number.isInteger(minDecided) || minDecided < 1)
    throw invalidInput(fn, 'options.minDecided', 'must be a positive integer');

  const stat = (counts: Int32Array, c: number): PositionStat =>
    positionStat(counts[3 * c], counts[3 * c + 1], counts[3 * c + 2]);
  const byRaterCounts = countBy(index, index.rater, index.raters.length);
  const raterStats = index.raters.map((_, r) => stat(byRaterCounts, r));
  const tested = raterStats.map((s, r) => (s.decided >= minDecided ? r : -1)).filter((r) => r >= 0);
  const qValues = benjaminiHochberg(tested.map((r) => raterStats[r].pValue));
  const q = new Map(tested.map((r, k) => [r, qValues[k]]));
  const flaggedRaters = new Set<number>();
  const byRater = raterStats.map((s, r): RaterPositionStat => {
    const qValue = q.get(r) ?? null;
    const rate = s.firstWinRate ?? 0.5;
    const favours = rate >= minRate ? 'first' : rate <= 1 - minRate ? 'second' : null;
    const flagged = qValue !== null && qValue <= alpha && favours !== null;
    if (flagged) flaggedRaters.add(r);
    return { rater: index.raters[r], ...s, qValue, flagged, favours: flagged ? favours : null };
  });

  const taskTypeCounts = countBy(index, index.taskType, index.taskTypes.length);
  const interfaceCounts = countBy(index, index.interfaceVersion, index.interfaceVersions.length);
  let first = 0;
  let second = 0;
  let ties = 0;
  for (let r = 0; r < index.raters.length; r++) {
    first += byRaterCounts[3 * r];
    second += byRaterCounts[3 * r + 1];
    ties += byRaterCounts[3 * r + 2];
  }

  const { summary, reversed } = measureReversals(index, buckets ?? groupByTask(index));
  const lowConfidence = reversed;
  for (let i = 0; i < index.size; i++) if (flaggedRaters.has(index.rater[i])) lowConfidence[i] = 1;

  return {
    overall: positionStat(first, second, ties),
    byRater,
    byTaskType: index.taskTypes.map((taskType, c) => ({ taskType, ...stat(taskTypeCounts, c) })),
    byInterfaceVersion: index.interfaceVersions.map((interfaceVersion, c) => ({
      interfaceVersion,
      ...stat(interfaceCounts, c),
    })),
    reversals: summary,
    flaggedRaters,
    lowConfidence,
  };
}
