import type { RaterJson } from './api-types';

export interface FlaggedRater {
  readonly rater: string;
  readonly group: string | null;
  readonly comparisons: number;
  /** the report's flags, `insufficient-data` left out (it is never a flag against the rater) */
  readonly flags: readonly string[];
  readonly firstWinRate: number | null;
  readonly lengthEffect: number | null;
  readonly agreement: number | null;
}

/** `insufficient-data` says the report could not judge the rater; it flags nothing. */
const NOT_A_FLAG = 'insufficient-data';

/**
 * The raters the quality report flags (any flag but `insufficient-data`), most
 * flags first, then by id: exactly the raters of `hindsight quality report --json`
 * whose `flags` hold something other than `insufficient-data`.
 *
 * @example
 * flaggedRaters(report.raters).map((r) => r.rater); // ['r-3', 'r-12']
 * @throws never.
 */
export function flaggedRaters(raters: readonly RaterJson[]): FlaggedRater[] {
  return raters
    .map((r) => ({ r, flags: r.flags.filter((f) => f !== NOT_A_FLAG) }))
    .filter(({ flags }) => flags.length > 0)
    .map(({ r, flags }) => ({
      rater: r.rater,
      group: r.group,
      comparisons: r.comparisons,
      flags,
      firstWinRate: r.firstWinRate,
      lengthEffect: r.lengthEffect,
      agreement: r.agreement,
    }))
    .sort((a, b) => b.flags.length - a.flags.length || (a.rater < b.rater ? -1 : a.rater > b.rater ? 1 : 0));
}
