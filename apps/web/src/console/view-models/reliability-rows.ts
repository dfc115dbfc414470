import type { RaterJson } from './api-types';

export interface ReliabilityRow {
  readonly rater: string;
  /** share of the rater's judgments that agree with the leave-one-out consensus */
  readonly agreement: number;
  /** the rater's weight in the consensus (one-coin Dawid–Skene-style reliability) */
  readonly weight: number;
  readonly comparisons: number;
  readonly flagged: boolean;
}

/**
 * Reliability per rater: agreement with the consensus and consensus weight from
 * the quality report, least reliable first. Raters with no consensus to compare
 * with (agreement null) are left out.
 *
 * @example
 * reliabilityRows(report.raters)[0]; // { rater: 'r-9', agreement: 0.48, weight: 0.02, flagged: true, … }
 * @throws never.
 */
export function reliabilityRows(raters: readonly RaterJson[]): ReliabilityRow[] {
  return raters
    .filter((r) => r.agreement !== null)
    .map((r) => ({
      rater: r.rater,
      agreement: r.agreement as number,
      weight: r.consensusWeight,
      comparisons: r.comparisons,
      flagged: r.flags.some((f) => f === 'spammer' || f === 'low-agreement'),
    }))
    .sort((a, b) => a.agreement - b.agreement || (a.rater < b.rater ? -1 : 1));
}
