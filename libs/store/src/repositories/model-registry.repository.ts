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
  created_at: Date;
}

const columns =
  'model_version, tenant, run_id, objective, parent_version, policy_id, as_of, recipe, dataset_sha256, dataset_uri, artifact_uri, manifest, metrics, training, code_version, created_at';

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
    createdAt: r.created_at,
  };
}

/** The model registry: one row per (tenant, run, objective), never two. */
export class ModelRegistryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Registers the model unless the run already registered one for the objective; true when this call did. */
  async register(m: ModelVersionRow): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO model_versions (${columns})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12::jsonb, $13::jsonb, $14::jsonb, $15, $16)
       ON CONFLICT DO NOTHING RETURNING model_version`,
      [
        m.modelVersion,
        m.tenant,
        m.runId,
        m.objective,
        m.parentVersion,
        m.policyId,
        m.asOf,
        JSON.stringify(m.recipe),
        m.datasetSha256,
        m.datasetUri,
        m.artifactUri,
        JSON.stringify(m.manifest),
        JSON.stringify(m.metrics),
        JSON.stringify(m.training),
        m.codeVersion,
        m.createdAt,
      ],
    );
    return rows.length === 1;
  }

  async listByRun(runId: string): Promise<ModelVersionRow[]> {
    const rows: RawRow[] = await this.dataSource.query(`SELECT ${columns} FROM model_versions WHERE run_id = $1 ORDER BY objective`, [runId]);
    return rows.map(toRow);
  }

  async find(tenant: string, modelVersion: string): Promise<ModelVersionRow | undefined> {
    const rows: RawRow[] = await this.dataSource.query(`SELECT ${columns} FROM model_versions WHERE tenant = $1 AND model_version = $2`, [tenant, modelVersion]);
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
  async latestBefore(tenant: string, objective: string, asOf: Date, excludeRunId: string, policyId: string | null): Promise<ModelVersionRow | undefined> {
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT ${columns} FROM model_versions
       WHERE tenant = $1 AND objective = $2 AND as_of <= $3 AND run_id <> $4 AND ($5::uuid IS NULL OR policy_id = $5::uuid)
       ORDER BY as_of DESC, created_at DESC, model_version DESC LIMIT 1`,
      [tenant, objective, asOf, excludeRunId, policyId],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }
}
