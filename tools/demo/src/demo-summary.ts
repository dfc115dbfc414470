import type { PlantedVersusFoundRow } from './planted-versus-found';

/** One simulated quarter as sent. */
export interface QuarterSummary {
  readonly label: string;
  readonly start: string;
  readonly end: string;
  readonly comparisons: number;
  readonly interactions: number;
  /** Events the api accepted as new. */
  readonly events: number;
}

/** One fire of the policy and the run it started. */
export interface FireSummary {
  readonly period: string;
  readonly clockStart: string;
  readonly runId: string;
  readonly reason: string;
  readonly asOf: string;
  readonly state: string;
  readonly models: readonly {
    readonly objective: string;
    readonly modelVersion: string;
    readonly parentVersion: string | null;
    readonly metrics: Readonly<Record<string, number>>;
  }[];
}

/** What `--summary <file>` writes: enough for a test (or a person) to check the run against the platform. */
export interface DemoSummary {
  readonly tenant: string;
  readonly topicPrefix: string;
  readonly schema: string;
  readonly dir: string;
  readonly kept: boolean;
  readonly policyId: string;
  readonly timezone: string;
  readonly quarters: readonly QuarterSummary[];
  readonly fires: readonly FireSummary[];
  /** Retrain requests the scheduler recorded for the policy, by period. */
  readonly requestsByPeriod: Readonly<Record<string, number>>;
  readonly plantedVersusFound: readonly PlantedVersusFoundRow[];
  readonly seconds: number;
}
