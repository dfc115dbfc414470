import type { ExcessRateRow } from '../length-bias/excess-rate-tests';
import type { SurfaceFeatureName } from '../length-bias/surface-features';
import type { PositionStat } from '../position-bias/position-stat';
import type { ReversalSummary } from '../position-bias/measure-reversals';
import type { GroupDisagreement } from '../representation/detect-group-disagreement';
import type { CoverageReport } from '../representation/measure-coverage';
import type { TaskTypeAgreement } from './agreement-by-task-type';
import type { AgreementOverTime } from './agreement-over-time';
import type { ComparisonRecord, RaterProfile, TargetProfile } from './comparison-record';
import type { ModelGroup, ModelStrength } from './fit-model-strengths';
import type { RaterFlag, RaterReport } from '@hindsight/api-types';
import type { JudgeReport } from '../judges/measure-judges';

export type { RaterFlag, RaterReport } from '@hindsight/api-types';

/** Every threshold of the report, with its default. */
export interface QualityThresholds {
  /** false-discovery rate of every family of tests (Benjamini–Hochberg); 0.05 */
  readonly alpha?: number;
  /** raters with fewer judgments are reported as 'insufficient-data' and never flagged; 20 */
  readonly minComparisons?: number;
  /** position bias: first-win rate at least this (or at most 1 − this); 0.6 */
  readonly minFirstWinRate?: number;
  /** length bias: a length difference counts from this relative size; 0.1 */
  readonly minRelativeLengthDifference?: number;
  /** length bias: the consensus-relative gap exceeds the median rater's by this; 0.15 */
  readonly minLengthEffect?: number;
  /** length bias, raw rate: longer-wins rate above the median rater's by this (reported, and used when no consensus exists); 0.1 */
  readonly minLongerWinExcess?: number;
  /** surface bias: feature win rate above the median rater's by this; 0.15 */
  readonly minSurfaceExcess?: number;
  /** spammer: dominant-answer share; 0.95 */
  readonly spammerDominantShare?: number;
  /** spammer: best lower Wilson bound of any kind of pick below this; 0.58 */
  readonly spammerMinPrecision?: number;
  /** spammer: lower Wilson bound of overall agreement below this; 0.52 */
  readonly spammerMaxAgreementLowerBound?: number;
  /** low-agreement: upper Wilson bound of agreement with the consensus below this; 0.6 */
  readonly minRaterAgreement?: number;
  /** task types with Fleiss' kappa below this are flagged; 0.4 */
  readonly minTaskTypeKappa?: number;
  /** representation: absolute share gap that counts as under/over; 0.05 */
  readonly coverageTolerance?: number;
  /** group disagreement: minimum decided judgments per task, and per group; 10 and 3 */
  readonly groupMinRatings?: number;
  readonly groupMinPerGroup?: number;
  /** judges: seed and resamples of the bootstrap interval of each judge's kappa; 1 and 1000 */
  readonly judgeBootstrapSeed?: number;
  readonly judgeBootstrapIterations?: number;
}

export interface QualityReportInput {
  readonly comparisons: readonly ComparisonRecord[];
  readonly raters: readonly RaterProfile[];
  readonly targetProfile?: TargetProfile;
  readonly thresholds?: QualityThresholds;
  /** latest boolean outcome by interaction id, for the judges' agreement with outcomes (a response id that is an interaction id) */
  readonly outcomes?: ReadonlyMap<string, boolean>;
}

export interface QualityReportOptions {
  /** called with (done, total) as the work advances; total is fixed for a run */
  readonly progress?: (done: number, total: number) => void;
  /** stamped into the report as given (the builder never reads the clock) */
  readonly generatedAt?: string;
  /** list the ids of the low-confidence comparisons (can be long) */
  readonly includeLowConfidenceIds?: boolean;
}

export interface QualityReport {
  readonly generatedAt: string | null;
  readonly totals: {
    /** people's comparisons (the judges' are counted in `judgeComparisons`) */
    readonly comparisons: number;
    readonly raters: number;
    readonly profiles: number;
    readonly judges: number;
    readonly judgeComparisons: number;
    readonly tasks: number;
    readonly lowConfidence: number;
    readonly byFlag: Readonly<Record<RaterFlag, number>>;
  };
  readonly thresholds: Required<QualityThresholds>;
  readonly raters: RaterReport[];
  /** every model version compared with another, by group, strongest first within a group */
  readonly models: ModelStrength[];
  /** the groups of versions whose strengths are on one scale; more than one when some are not comparable */
  readonly modelGroups: ModelGroup[];
  /** why `models` is empty, or that the groups in `modelGroups` are not comparable with each other; null when one group holds all */
  readonly modelsNote: string | null;
  readonly positionBias: {
    readonly overall: PositionStat;
    readonly byTaskType: (PositionStat & { readonly taskType: string })[];
    readonly byInterfaceVersion: (PositionStat & { readonly interfaceVersion: string })[];
    readonly reversals: ReversalSummary;
  };
  readonly lengthBias: {
    readonly baselineLongerWinRate: number;
    readonly byObjective: ExcessRateRow[];
    readonly surface: {
      readonly feature: SurfaceFeatureName;
      readonly baseline: number;
      readonly byObjective: ExcessRateRow[];
    }[];
  };
  readonly agreementByTaskType: TaskTypeAgreement[];
  /** the same per period of the tasks' first judgment (occurredAt): how agreement moved over the time covered */
  readonly agreementOverTime: AgreementOverTime;
  readonly representation: {
    readonly coverage: CoverageReport;
    readonly groupDisagreements: GroupDisagreement[];
    readonly groupsInConflict: { readonly group: string; readonly tasks: number }[];
    readonly testedTasks: number;
  };
  /** every AI judge (a rater profiled with kind model), measured against the people: kappa, biases, outcomes */
  readonly judges: JudgeReport[];
  readonly lowConfidenceIds?: string[];
}
