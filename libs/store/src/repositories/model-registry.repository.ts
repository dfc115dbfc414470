import type { DataSource } from 'typeorm';

/** One registered reward model: what it was trained on, where it is, how it scored. */
export interface ModelVersionRow {
  readonly modelVersion: string;
  readonly tenant: string;
  readonly runId: string;
  readonly objective: string;
  readonly parentVersion: string | null;
  readonly policyId: string | null;
  readonly asOf: Date;
  readonly recipe: Record<string, unknown>;
  readonly datasetSha256: string;
  /** The dataset build (JSONL + manifest) in the artifact store. */
  readonly datasetUri: string;
  /** The serialised model in the artifact store. */
  readonly artifactUri: string;
  /** The dataset manifest. */
  readonly manifest: Record<string, unknown>;
  /** Held-out metrics by name (pairwiseAccuracy, logLoss, expectedCalibrationError, heldOutPairs, outcome…). */
  readonly metrics: Record<string, number>;
  /** The training record (seed, l2, iterations, losses). */
  readonly training: Record<string, unknown>;
  readonly codeVersion: string;
  /** A per-group run's family (pooled model, group models, disagreement report, blend); null otherwise. */
  readonly family: Record<string, unknown> | null;
  readonly createdAt: Date;
}

interface RawRow {
  model_version: string;
  tenant: string;
  run_id: string;
  objective: string;
  parent_version: string | null;
  policy_id: string | null;
  as_of: Date;
  recipe: Record<string, unknown>;
  dataset_sha256: string;
  dataset_uri: string;
  artifact_uri: string;
  manifest: Record<string, unknown>;
  metrics: Record<string, number>;
  training: Record<string, unknown>;
  code_version: string;
  family: Record<string, unknown> | null;
  created_at: Date;
}

const columns =
  'model_version, tenant, run_id, objective, parent_version, policy_id, as_of, recipe, dataset_sha256, dataset_uri, artifact_uri, manifest, metrics, training, code_version, family, created_at';

function toRow(r: RawRow): ModelVersionRow {
  return {
    modelVersion: r.model_version,
    tenant: r.tenant,
    runId: r.run_id,
    objective: r.objective,
    parentVersion: r.parent_version,
    policyId: r.policy_id,
    asOf: r.as_of,
    recipe: r.recipe,
    datasetSha256: r.dataset_sha256,
    datasetUri: r.dataset_uri,
    artifactUri: r.artifact_uri,
    manifest: r.manifest,
    metrics: r.metrics,
    training: r.training,
    codeVersion: r.code_version,
    family: r.family ?? null,
    createdAt: r.created_at,
  };
}

/**
 * The model registry: one row per (tenant, run, objective), never two. A
 * projection of `model.registered` (written by `writeTrainerRecords`, by the
 * trainer and the projector alike); this class only reads it.
 */
export class ModelRegistryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The run's models, by objective. Run ids are unique per tenant only. */
  async listByRun(tenant: string, runId: string): Promise<ModelVersionRow[]> {
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT ${columns} FROM model_versions WHERE tenant = $1 AND run_id = $2 ORDER BY objective`,
      [tenant, runId],
    );
    return rows.map(toRow);
  }

  /**
   * Entries whose `model.registered` the projector has not seen (registered
   * before the registry was a projection), each with its run's request event id.
   */
  async listUnannounced(): Promise<(ModelVersionRow & { requestEventId: string })[]> {
    const rows: (RawRow & { request_event_id: string })[] = await this.dataSource.query(
      `SELECT ${columns
        .split(', ')
        .map((c) => `m.${c}`)
        .join(', ')}, r.request_event_id
       FROM model_versions m JOIN trainer_runs r ON r.tenant = m.tenant AND r.run_id = m.run_id
       WHERE NOT EXISTS (SELECT 1 FROM event_index e WHERE e.tenant = m.tenant AND e.idempotency_key = 'retrain:' || m.run_id || ':model:' || m.objective)
       ORDER BY m.created_at, m.tenant, m.model_version`,
    );
    return rows.map((r) => ({ ...toRow(r), requestEventId: r.request_event_id }));
  }

  async find(tenant: string, modelVersion: string): Promise<ModelVersionRow | undefined> {
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT ${columns} FROM model_versions WHERE tenant = $1 AND model_version = $2`,
      [tenant, modelVersion],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  /** A tenant's models, newest first, optionally of one objective. */
  async list(tenant: string, options: { objective?: string; limit: number }): Promise<ModelVersionRow[]> {
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT ${columns} FROM model_versions WHERE tenant = $1 AND ($2::text IS NULL OR objective = $2)
       ORDER BY created_at DESC, model_version DESC LIMIT $3`,
      [tenant, options.objective ?? null, options.limit],
    );
    return rows.map(toRow);
  }

  /**
   * The parent of a new model: the latest model of the same tenant and objective
   * (and policy, when the run came from one) trained on data as of no later than
   * `asOf`, from another run.
   */
  async latestBefore(
    tenant: string,
    objective: string,
    asOf: Date,
    excludeRunId: string,
    policyId: string | null,
  ): Promise<ModelVersionRow | undefined> {
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT ${columns} FROM model_versions
       WHERE tenant = $1 AND objective = $2 AND as_of <= $3 AND run_id <> $4 AND ($5::uuid IS NULL OR policy_id = $5::uuid)
       ORDER BY as_of DESC, created_at DESC, model_version DESC LIMIT 1`,
      [tenant, objective, asOf, excludeRunId, policyId],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }
}
