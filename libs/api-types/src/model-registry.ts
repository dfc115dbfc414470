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
}
