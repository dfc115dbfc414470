import { chosenCanonical, type ComparisonIndex } from '../report/comparison-index';
import type { TaskBuckets } from '../report/group-by-task';

/** How often the preferred response flips with the order in which a pair was shown. */
export interface ReversalSummary {
  /** tasks shown in both orders with at least one decided judgment in each */
  readonly tasksShownBothWays: number;
  /** pairs of decided judgments of one task made in opposite orders (any raters) */
  readonly crossOrderPairs: number;
  /** …of which preferred different responses */
  readonly crossOrderReversals: number;
  readonly reversalRate: number | null;
  /** baseline: pairs of decided judgments of one task made in the same order, and their disagreements */
  readonly sameOrderPairs: number;
  readonly sameOrderDisagreements: number;
  readonly sameOrderDisagreementRate: number | null;
  /** reversalRate − sameOrderDisagreementRate: the part of the disagreement the order explains */
  readonly excessReversalRate: number | null;
  /** one rater judging the same pair in both orders */
  readonly sameRaterPairs: number;
  readonly sameRaterReversals: number;
  readonly sameRaterReversalRate: number | null;
}

/**
 * Reversal statistics over tasks shown in both orders, in one pass over the task
 * buckets. Also marks, in `reversed`, every judgment that one rater contradicted by
 * preferring the other response when the order was swapped (low confidence).
 *
 * @example
 * const { summary, reversed } = measureReversals(index, groupByTask(index));
 * summary.reversalRate; // e.g. 0.31
 * @throws never.
 */
export function measureReversals(
  index: ComparisonIndex,
  buckets: TaskBuckets,
): { summary: ReversalSummary; reversed: Uint8Array } {
  const reversed = new Uint8Array(index.size);
  const last = new Int32Array(index.raters.length);
  const stamp = new Int32Array(index.raters.length);
  let tasksShownBothWays = 0;
  let crossPairs = 0;
  let crossReversals = 0;
  let samePairs = 0;
  let sameDisagreements = 0;
  let raterPairs = 0;
  let raterReversals = 0;
  const tasks = index.tasks.length;
  for (let t = 0; t < tasks; t++) {
    // counts[order * 2 + chosen]: order 1 = A shown first
    let a0 = 0, b0 = 0, a1 = 0, b1 = 0; // prettier-ignore
    for (let k = buckets.start[t]; k < buckets.start[t + 1]; k++) {
      const i = buckets.order[k];
      const chosen = chosenCanonical(index, i);
      const r = index.rater[i];
      if (chosen !== 2) {
        if (index.firstIsA[i] === 1) {
          if (chosen === 0) a1++;
          else b1++;
        } else if (chosen === 0) a0++;
        else b0++;
      }
      if (stamp[r] === t + 1) {
        const j = last[r];
        const other = chosenCanonical(index, j);
        if (chosen !== 2 && other !== 2 && index.firstIsA[j] !== index.firstIsA[i]) {
          raterPairs++;
          if (other !== chosen) {
            raterReversals++;
            reversed[i] = 1;
            reversed[j] = 1;
          }
        }
      }
      stamp[r] = t + 1;
      last[r] = i;
    }
    const n1 = a1 + b1;
    const n0 = a0 + b0;
    if (n1 > 0 && n0 > 0) {
      tasksShownBothWays++;
      crossPairs += n1 * n0;
      crossReversals += a1 * b0 + b1 * a0;
    }
    samePairs += (n1 * (n1 - 1)) / 2 + (n0 * (n0 - 1)) / 2;
    sameDisagreements += a1 * b1 + a0 * b0;
  }
  const rate = (x: number, n: number): number | null => (n > 0 ? x / n : null);
  const reversalRate = rate(crossReversals, crossPairs);
  const sameOrderDisagreementRate = rate(sameDisagreements, samePairs);
  return {
    summary: {
      tasksShownBothWays,
      crossOrderPairs: crossPairs,
      crossOrderReversals: crossReversals,
      reversalRate,
      sameOrderPairs: samePairs,
      sameOrderDisagreements: sameDisagreements,
      sameOrderDisagreementRate,
      excessReversalRate:
        reversalRate !== null && sameOrderDisagreementRate !== null ? reversalRate - sameOrderDisagreementRate : null,
      sameRaterPairs: raterPairs,
      sameRaterReversals: raterReversals,
      sameRaterReversalRate: rate(raterReversals, raterPairs),
    },
    reversed,
  };
}
