import type { RaterJson } from './api-types';

export interface ForestPlotRow {
  readonly rater: string;
  /** first-position win rate over the rater's decided judgments (ties left out) */
  readonly rate: number;
  /** 95 % Wilson interval, as the report computed it */
  readonly lower: number;
  readonly upper: number;
  readonly decided: number;
  /** the report flags this rater `position-bias` */
  readonly flagged: boolean;
  /** fewer judgments than the report's minimum: never flagged, shown faded */
  readonly insufficient: boolean;
  /** Benjamini–Hochberg q-value of the binomial test against 0.5; null when not tested */
  readonly qValue: number | null;
}

/**
 * The forest plot of each rater's first-position win rate with its 95 % interval,
 * straight from the quality report's `raters[]` (no number is recomputed, so the
 * page shows what `hindsight quality report --json` prints). Raters with no decided
 * judgment have no rate and are left out. Sorted by rate, highest first, then by id.
 *
 * @example
 * forestPlotRows(report.raters)[0]; // { rater: 'r-17', rate: 0.78, lower: 0.69, upper: 0.85, flagged: true, … }
 * @throws never.
 */
export function forestPlotRows(raters: readonly RaterJson[]): ForestPlotRow[] {
  const rows: ForestPlotRow[] = [];
  for (const r of raters) {
    if (r.firstWinRate === null || !r.firstWinCi) continue;
    rows.push({
      rater: r.rater,
      rate: r.firstWinRate,
      lower: r.firstWinCi[0],
      upper: r.firstWinCi[1],
      decided: r.firstWinDecided ?? 0,
      flagged: r.flags.includes('position-bias'),
      insufficient: r.flags.includes('insufficient-data'),
      qValue: r.positionQValue,
    });
  }
  return rows.sort((a, b) => b.rate - a.rate || (a.rater < b.rater ? -1 : a.rater > b.rater ? 1 : 0));
}
