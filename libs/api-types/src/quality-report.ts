/*
 * The rows of the quality report (`GET /v1/quality/report`, `hindsight quality report --json`)
 * that the console reads: written once here, computed by @hindsight/quality.
 */

export type RaterFlag =
  | 'position-bias'
  | 'length-bias'
  | 'surface-bias'
  | 'spammer'
  | 'group-conflict'
  | 'low-agreement'
  | 'insufficient-data';

export interface RaterReport {
  readonly rater: string;
  readonly group: string | null;
  readonly comparisons: number;
  readonly flags: RaterFlag[];
  readonly firstWinRate: number | null;
  /** the rater's judgments with a winner (the first-win rate's denominator) */
  readonly firstWinDecided: number;
  /** 95% Wilson interval of the first-win rate; null when nothing was decided */
  readonly firstWinCi: [number, number] | null;
  readonly positionQValue: number | null;
  readonly longerWinRate: number | null;
  readonly lengthEffect: number | null;
  readonly lengthQValue: number | null;
  readonly agreement: number | null;
  readonly consensusWeight: number;
  readonly spammerKind: 'constant' | 'random' | null;
}

export interface TaskTypeAgreement {
  readonly taskType: string;
  /** tasks with at least two judgments, and the judgments on them */
  readonly tasks: number;
  readonly judgments: number;
  /** mean pairwise agreement over the categories A / B / tie */
  readonly percentAgreement: number | null;
  /** Fleiss' kappa (variable number of raters per task) */
  readonly kappa: number | null;
  /** kappa below the threshold (default 0.4): fix the rubric before scaling up */
  readonly lowAgreement: boolean;
}

export type CoverageDimension = 'expertise' | 'languages' | 'region';

export interface CoverageRow {
  readonly dimension: CoverageDimension;
  readonly value: string;
  readonly raters: number;
  /** share of raters with the value (for languages: share of raters who work in it) */
  readonly actual: number;
  /** share of judgments made by raters with the value; null when no activity was given */
  readonly actualByJudgments: number | null;
  readonly target: number | null;
  /** actual − target */
  readonly gap: number | null;
  readonly status: 'under' | 'over' | 'ok' | 'untargeted';
}
