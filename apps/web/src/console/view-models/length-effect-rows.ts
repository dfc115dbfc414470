import type { QualityReportJson } from './api-types';

export interface LengthEffectRow {
  readonly objective: string;
  /** judgments where one response was clearly longer, and how often the longer one won */
  readonly n: number;
  readonly rate: number;
  readonly lower: number;
  readonly upper: number;
  readonly qValue: number | null;
  readonly flagged: boolean;
}

export interface RaterLengthEffect {
  readonly rater: string;
  /** how much more often than the consensus the rater picks the longer response */
  readonly effect: number;
  readonly flagged: boolean;
}

export interface LengthEffectView {
  /** the median rater's longer-wins rate: the line the objectives are tested against */
  readonly baseline: number;
  readonly byObjective: LengthEffectRow[];
  readonly byRater: RaterLengthEffect[];
}

/**
 * The length effect: per objective, the longer response's win rate with its 95 %
 * interval against the baseline; per rater, the consensus-relative length effect
 * (largest first). Values as the quality report gives them.
 *
 * @example
 * lengthEffectView(report).byObjective; // [{ objective: 'helpfulness', rate: 0.61, lower: 0.58, upper: 0.64, … }]
 * @throws never.
 */
export function lengthEffectView(report: Pick<QualityReportJson, 'lengthBias' | 'raters'>): LengthEffectView {
  const byObjective: LengthEffectRow[] = [];
  for (const row of report.lengthBias.byObjective) {
    if (row.rate === null || !row.ci) continue;
    byObjective.push({
      objective: row.name,
      n: row.n,
      rate: row.rate,
      lower: row.ci[0],
      upper: row.ci[1],
      qValue: row.qValue,
      flagged: row.flagged,
    });
  }
  const byRater = report.raters
    .filter((r) => r.lengthEffect !== null)
    .map((r) => ({ rater: r.rater, effect: r.lengthEffect as number, flagged: r.flags.includes('length-bias') }))
    .sort((a, b) => b.effect - a.effect || (a.rater < b.rater ? -1 : 1));
  return { baseline: report.lengthBias.baselineLongerWinRate, byObjective, byRater };
}
