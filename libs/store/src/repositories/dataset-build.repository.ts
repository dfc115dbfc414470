import type { DataSource } from 'typeorm';
import type { DatasetBuildRow, RunDatasetBuild } from '@hindsight/api-types';

export type { DatasetBuildRow, RunDatasetBuild } from '@hindsight/api-types';

interface Raw {
  id: string;
  tenant: string;
  as_of: Date;
  recipe: unknown;
  status: DatasetBuildRow['status'];
  directory: string;
  manifest: unknown;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const toRow = (r: Raw): DatasetBuildRow => ({
  id: r.id,
  tenant: r.tenant,
  asOf: r.as_of.toISOString(),
  recipe: r.recipe,
  status: r.status,
  directory: r.directory,
  manifest: r.manifest,
  error: r.error,
  createdAt: r.created_at.toISOString(),
  finishedAt: r.finished_at?.toISOString() ?? null,
});

export class DatasetBuildRepository {
  constructor(private readonly dataSource: DataSource) {}

  async start(row: {
    id: string;
    tenant: string;
    asOf: string;
    recipe: unknown;
    directory: string;
  }): Promise<DatasetBuildRow> {
    const rows: Raw[] = await this.dataSource.query(
      `INSERT INTO dataset_builds (id, tenant, as_of, recipe, status, directory) VALUES ($1, $2, $3, $4, 'building', $5) RETURNING *`,
      [row.id, row.tenant, row.asOf, JSON.stringify(row.recipe), row.directory],
    );
    return toRow(rows[0]);
  }

  async finish(id: string, outcome: { manifest: unknown } | { error: string }): Promise<void> {
    if ('manifest' in outcome) {
      await this.dataSource.query(
        `UPDATE dataset_builds SET status = 'built', manifest = $2, finished_at = now() WHERE id = $1`,
        [id, JSON.stringify(outcome.manifest)],
      );
    } else {
      await this.dataSource.query(
        `UPDATE dataset_builds SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`,
        [id, outcome.error],
      );
    }
  }

  async get(tenant: string, id: string): Promise<DatasetBuildRow | undefined> {
    const rows: Raw[] = await this.dataSource.query('SELECT * FROM dataset_builds WHERE tenant = $1 AND id = $2', [
      tenant,
      id,
    ]);
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  /**
   * The tenant's builds, newest first, each with its manifest (its list of applied
   * erasures replaced by `erasuresAppliedCount`: the list can be long and a listing
   * needs only how many).
   */
  async list(tenant: string, limit: number): Promise<DatasetBuildRow[]> {
    const rows: Raw[] = await this.dataSource.query(
      `SELECT id, tenant, as_of, recipe, status, directory, error, created_at, finished_at,
              CASE WHEN jsonb_typeof(manifest->'erasuresApplied') = 'array'
                   THEN (manifest - 'erasuresApplied') || jsonb_build_object('erasuresAppliedCount', jsonb_array_length(manifest->'erasuresApplied'))
                   ELSE manifest END AS manifest
         FROM dataset_builds WHERE tenant = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [tenant, limit],
    );
    return rows.map(toRow);
  }

  /**
   * The datasets the tenant's retrain runs built (one per objective), newest run first:
   * each run's `retrain.dataset-built` as the projector recorded it on the run, so
   * these are rebuilt from Kafka with the projections. At most `limit` runs.
   */
  async listRunBuilds(tenant: string, limit: number): Promise<RunDatasetBuild[]> {
    const rows: {
      run_id: string;
      built: {
        asOf: string;
        codeVersion?: string;
        datasets: { objective: string; sha256: string; examples: number; manifestUri?: string }[];
      };
      updated_at: Date;
    }[] = await this.dataSource.query(
      `SELECT run_id, details->'datasetBuilt' AS built, updated_at FROM retrain_runs
          WHERE tenant = $1 AND jsonb_typeof(details->'datasetBuilt') = 'object'
          ORDER BY requested_at DESC NULLS LAST, run_id DESC LIMIT $2`,
      [tenant, limit],
    );
    return rows.flatMap((r) =>
      r.built.datasets.map((d) => ({
        runId: r.run_id,
        objective: d.objective,
        asOf: r.built.asOf,
        sha256: d.sha256,
        examples: d.examples,
        manifestUri: d.manifestUri ?? null,
        codeVersion: r.built.codeVersion ?? null,
        updatedAt: r.updated_at.toISOString(),
      })),
    );
  }

  /** Builds left 'building' by a process that died can never finish: mark them failed at start-up. */
  async failInterrupted(): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `UPDATE dataset_builds SET status = 'failed', error = 'interrupted: the api stopped during the build', finished_at = now() WHERE status = 'building'`,
    );
    return result[1];
  }
}
