/** A registry entry as the api (`GET /v1/models`) and the CLI show it in lists. */
export interface ModelSummary {
  readonly modelVersion: string;
  readonly objective: string;
  readonly runId: string;
  readonly parentVersion: string | null;
  readonly policyId: string | null;
  readonly asOf: string;
  readonly datasetSha256: string;
  readonly metrics: Readonly<Record<string, number>>;
  readonly createdAt: string;
  /** The latest outcome audit, null when the model was never audited. */
  readonly outcomeAudit: OutcomeAuditView | null;
}

/** One slice (all interactions, or one surface's) of a model's outcome audit. */
export interface OutcomeAuditSliceView {
  /** null: the overall slice, or the interactions that name no surface. */
  readonly surface: string | null;
  readonly interactions: number;
  readonly successes: number;
  /** P(a success outscores a failure), ties ½; null without two successes and two failures. */
  readonly auc: number | null;
  readonly ci: readonly number[] | null;
  readonly parentAuc: number | null;
  readonly parentCi: readonly number[] | null;
  /** AUC − parent's AUC on the same interactions, with DeLong's paired interval. */
  readonly difference: number | null;
  readonly differenceCi: readonly number[] | null;
  readonly worseThanParent: boolean;
}

/** A model's latest outcome audit (`model.outcome-audited`). */
export interface OutcomeAuditView {
  readonly auditId: string;
  readonly parentVersion: string | null;
  /** Outcomes recorded by this instant were read. */
  readonly asOf: string;
  readonly trigger: 'registration' | 'on-demand';
  readonly method: string;
  readonly level: number;
  /** The model agrees less with outcomes than its parent: the overall difference's interval lies below 0. */
  readonly flagged: boolean;
  readonly overall: OutcomeAuditSliceView;
  readonly bySurface: readonly OutcomeAuditSliceView[];
  readonly recordedAt: string;
}
