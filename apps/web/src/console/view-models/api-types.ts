/**
 * The parts of the api's JSON the console reads. The read API's lists, the registry
 * and the datasets come from @hindsight/api-types (types only, erased from the bundle),
 * which the server's libs use too; the quality report's shape is written here.
 */
export type {
  ComparisonItem as ComparisonJson,
  DatasetDiff as DatasetDiffJson,
  DatasetListing,
  DeadLetterItem as DeadLetterJson,
  DriftMeasurementItem as DriftMeasurementJson,
  ModelSummary as ModelSummaryJson,
  ReadPage as PageJson,
  RetrainRunItem as RetrainRunJson,
} from '@hindsight/api-types';

/** One rater of `GET /v1/quality/report` (`raters[]`; the same as `hindsight quality report --json`). */
export interface RaterJson {
  readonly rater: string;
  readonly group: string | null;
  readonly comparisons: number;
  readonly flags: readonly string[];
  readonly firstWinRate: number | null;
  readonly firstWinDecided?: number;
  readonly firstWinCi?: readonly [number, number] | null;
  readonly positionQValue: number | null;
  readonly longerWinRate: number | null;
  readonly lengthEffect: number | null;
  readonly lengthQValue: number | null;
  readonly agreement: number | null;
  readonly consensusWeight: number;
  readonly spammerKind: 'constant' | 'random' | null;
}

export interface TaskTypeAgreementJson {
  readonly taskType: string;
  readonly tasks: number;
  readonly judgments: number;
  readonly percentAgreement: number | null;
  readonly kappa: number | null;
  readonly lowAgreement: boolean;
}

export interface ExcessRateRowJson {
  readonly name: string;
  readonly n: number;
  readonly wins: number;
  readonly rate: number | null;
  readonly ci: readonly [number, number] | null;
  readonly pValue: number;
  readonly qValue: number | null;
  readonly flagged: boolean;
  readonly favours: 'feature' | 'other' | null;
}

export interface CoverageRowJson {
  readonly dimension: 'expertise' | 'languages' | 'region';
  readonly value: string;
  readonly raters: number;
  readonly actual: number;
  readonly actualByJudgments: number | null;
  readonly target: number | null;
  readonly gap: number | null;
  readonly status: 'under' | 'over' | 'ok' | 'untargeted';
}

export interface PositionStatJson {
  readonly comparisons: number;
  readonly decided: number;
  readonly firstWins: number;
  readonly ties: number;
  readonly firstWinRate: number | null;
  readonly ci: readonly [number, number] | null;
  readonly pValue: number;
}

/** `GET /v1/quality/report?asOf=T` */
export interface QualityReportJson {
  readonly tenant: string;
  readonly asOf: string;
  readonly totals: { readonly comparisons: number; readonly raters: number; readonly tasks: number; readonly lowConfidence: number; readonly byFlag: Readonly<Record<string, number>> };
  readonly thresholds: { readonly minTaskTypeKappa: number; readonly minFirstWinRate: number; readonly minComparisons: number; readonly [k: string]: number };
  readonly raters: readonly RaterJson[];
  readonly positionBias: { readonly overall: PositionStatJson };
  readonly lengthBias: { readonly baselineLongerWinRate: number; readonly byObjective: readonly ExcessRateRowJson[] };
  readonly agreementByTaskType: readonly TaskTypeAgreementJson[];
  readonly agreementOverTime: AgreementOverTimeJson;
  readonly representation: { readonly coverage: { readonly raters: number; readonly rows: readonly CoverageRowJson[] }; readonly groupsInConflict: readonly { readonly group: string; readonly tasks: number }[] };
}

/** The report's `agreementOverTime`: agreement by task type per period of the tasks' first judgment. */
export interface AgreementOverTimeJson {
  readonly period: 'week' | 'month';
  readonly points: readonly { readonly start: string; readonly agreementByTaskType: readonly TaskTypeAgreementJson[] }[];
}

/** `GET /v1/runs/{id}` */
export interface RunViewJson {
  readonly runId: string;
  readonly status: string | null;
  readonly trainer: { readonly state: string; readonly failure: unknown; readonly datasets: unknown; readonly gateReport: unknown } | null;
  readonly klBudget: number | null;
  readonly curves: {
    readonly training: readonly { readonly step: number; readonly meanReward: number; readonly kl: number; readonly objective?: string | null }[];
    readonly humanEval: readonly { readonly step: number; readonly winRate: number; readonly n?: number; readonly objective?: string | null }[];
  };
  readonly monitor: {
    readonly status: 'ok' | 'flagged' | 'insufficient-data';
    readonly flags: readonly string[];
    readonly window: { readonly fromStep: number; readonly toStep: number } | null;
    readonly kl: { readonly budget: number | null; readonly max: number | null; readonly last: number | null; readonly firstStepOverBudget: number | null };
    readonly reasons: readonly string[];
  };
}

/** One policy of `GET /v1/policies` */
export interface PolicyJson {
  readonly id: string;
  readonly name: string;
  readonly cadence: string;
  readonly timezone: string;
  readonly objectives: readonly string[];
  readonly status?: string;
  readonly paused?: boolean;
  readonly nextFireAt: string | null;
  readonly [k: string]: unknown;
}
