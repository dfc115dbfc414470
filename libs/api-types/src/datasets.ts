/** Pairs added, removed (by reason) and relabelled from build a to build b (`GET /v1/datasets/diff`, `hindsight dataset diff A B --json`). */
export interface DatasetDiff {
  readonly added: { readonly count: number; readonly byReason: Readonly<Record<string, number>> };
  readonly removed: { readonly count: number; readonly byReason: Readonly<Record<string, number>> };
  readonly relabelled: { readonly count: number };
  readonly unchanged: number;
}

/** A dataset build requested through the api (`POST /v1/datasets`), as `GET /v1/datasets` lists it. */
export interface DatasetBuildRow {
  readonly id: string;
  readonly tenant: string;
  readonly asOf: string;
  readonly recipe: unknown;
  readonly status: 'building' | 'built' | 'failed';
  readonly directory: string;
  readonly manifest: unknown;
  readonly error: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

/**
 * A dataset a retrain run built (one per objective), from its `retrain.dataset-built`
 * event as projected into the run (so it is rebuilt with the projections from Kafka).
 */
export interface RunDatasetBuild {
  readonly runId: string;
  readonly objective: string;
  readonly asOf: string;
  readonly sha256: string;
  readonly examples: number;
  readonly manifestUri: string | null;
  readonly codeVersion: string | null;
  /** When the run's projection last changed (its builds are recorded before its end). */
  readonly updatedAt: string;
}

/**
 * `GET /v1/datasets`: every build of the tenant with its origin, newest first in each list:
 * `datasets` were requested through the api, `runBuilds` were built by retrain runs (the trainer).
 */
export interface DatasetListing {
  readonly datasets: readonly (DatasetBuildRow & { readonly origin: 'api' })[];
  readonly runBuilds: readonly (RunDatasetBuild & { readonly origin: 'run' })[];
}
