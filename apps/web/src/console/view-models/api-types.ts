/**
 * The parts of the api's JSON the console reads. The read API's lists, the registry,
 * the datasets and the quality report's rows come from @hindsight/api-types (types
 * only, erased from the bundle), which the server's libs use too; the report's other
 * parts the console reads are written here.
 */
import type { CoverageRow, RaterReport, TaskTypeAgreement } from '@hindsight/api-types';

export type {
  ComparisonItem as ComparisonJson,
  CoverageRow as CoverageRowJson,
  DatasetDiff as DatasetDiffJson,
  DatasetListing,
  DeadLetterItem as DeadLetterJson,
  DriftMeasurementItem as DriftMeasurementJson,
  ModelSummary as ModelSummaryJson,
  ReadPage as PageJson,
  RaterReport as RaterJson,
  RetrainRunItem as RetrainRunJson,
  TaskTypeAgreement as TaskTypeAgreementJson,
} from '@hindsight/api-types';

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
  readonly totals: {
    readonly comparisons: number;
    readonly raters: number;
    readonly tasks: number;
    readonly lowConfidence: number;
    readonly byFlag: Readonly<Record<string, number>>;
  };
  readonly thresholds: {
    readonly minTaskTypeKappa: number;
    readonly minFirstWinRate: number;
    readonly minComparisons: number;
    readonly [k: string]: number;
  };
  readonly raters: readonly RaterReport[];
  readonly positionBias: { readonly overall: PositionStatJson };
  readonly lengthBias: { readonly baselineLongerWinRate: number; readonly byObjective: readonly ExcessRateRowJson[] };
  readonly agreementByTaskType: readonly TaskTypeAgreement[];
  readonly agreementOverTime: AgreementOverTimeJson;
  readonly representation: {
    readonly coverage: { readonly raters: number; readonly rows: readonly CoverageRow[] };
    readonly groupsInConflict: readonly { readonly group: string; readonly tasks: number }[];
  };
}

/** The report's `agreementOverTime`: agreement by task type per period of the tasks' first judgment. */
export interface AgreementOverTimeJson {
  readonly period: 'week' | 'month';
  readonly points: readonly { readonly start: string; readonly agreementByTaskType: readonly TaskTypeAgreement[] }[];
}

/** `GET /v1/runs/{id}` */
export interface RunViewJson {
  readonly runId: string;
  readonly status: string | null;
  readonly trainer: {
    readonly state: string;
    readonly failure: unknown;
    readonly datasets: unknown;
    readonly gateReport: unknown;
  } | null;
  readonly klBudget: number | null;
  readonly curves: {
    readonly training: readonly {
      readonly step: number;
      readonly meanReward: number;
      readonly kl: number;
      readonly objective?: string | null;
    }[];
    readonly humanEval: readonly {
      readonly step: number;
      readonly winRate: number;
      readonly n?: number;
      readonly objective?: string | null;
    }[];
  };
  readonly monitor: {
    readonly status: 'ok' | 'flagged' | 'insufficient-data';
    readonly flags: readonly string[];
    readonly window: { readonly fromStep: number; readonly toStep: number } | null;
    readonly kl: {
      readonly budget: number | null;
      readonly max: number | null;
      readonly last: number | null;
      readonly firstStepOverBudget: number | null;
    };
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
