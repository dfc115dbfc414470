import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from '@hindsight/store';
import type { Logger } from 'pino';
import type { Principal } from '@hindsight/access';
import type { DatasetListing } from '@hindsight/api-types';
import type { PlatformConfig } from '@hindsight/config';
import {
  findUnstorableStrings,
  formatUuidV7,
  NotFoundError,
  parseRequestBody,
  UUID_V7_PATTERN,
  ValidationError,
} from '@hindsight/contracts';
import {
  buildDataset,
  diffDatasets,
  normaliseRecipe,
  requestedAsOf,
  type DatasetDiff,
  type DatasetRecipe,
} from '@hindsight/datasets';
import { codeVersion, LOGGER, PLATFORM_CONFIG } from '@hindsight/runtime';
import { DatasetBuildRepository, type DatasetBuildRow } from '@hindsight/store';
import { datasetRequestSchema, type DatasetRequest } from './dataset-request';

/**
 * Dataset builds requested over HTTP run in the background of the api process;
 * the caller polls GET /v1/datasets/:id. A build interrupted by a restart is
 * marked failed at start-up (rebuilding it gives the same bytes, so just ask again).
 * A build that fails (a full disk) removes what it had written of its folder.
 */
@Injectable()
export class DatasetsService implements OnApplicationBootstrap {
  private readonly repository: DatasetBuildRepository;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.repository = new DatasetBuildRepository(dataSource);
  }

  async onApplicationBootstrap(): Promise<void> {
    const interrupted = await this.repository.failInterrupted();
    if (interrupted > 0) this.logger.warn({ interrupted }, 'marked interrupted dataset builds as failed');
  }

  async request(principal: Principal, body: unknown): Promise<DatasetBuildRow> {
    const request = parseRequestBody(datasetRequestSchema, body);
    // The recipe is stored with the build (jsonb): refuse what PostgreSQL cannot hold, as a 400, not a failed insert.
    const unstorable = [
      ...findUnstorableStrings(request.recipe ?? {}, 'recipe'),
      ...findUnstorableStrings(request.objectives ?? [], 'objectives'),
    ];
    if (unstorable.length > 0) throw new ValidationError(unstorable);
    const at = requestedAsOf(request.asOf, new Date());
    const normalised = recipeOfRequest(request);
    const id = formatUuidV7(Date.now(), randomBytes(10));
    const directory = resolve(join(this.config.datasetsDir, principal.tenant, id));
    const row = await this.repository.start({ id, tenant: principal.tenant, asOf: at, recipe: normalised, directory });
    void this.run(row, normalised);
    return row;
  }

  async get(principal: Principal, id: string): Promise<DatasetBuildRow> {
    const row = UUID_V7_PATTERN.test(id) ? await this.repository.get(principal.tenant, id) : undefined;
    if (!row) throw new NotFoundError('dataset build', id);
    return row;
  }

  /**
   * The tenant's builds with their origin, newest first (`limit` 1–200, default 50, per list):
   * those requested through the api, and those the retrain runs built (from the runs' projected
   * `retrain.dataset-built`, one per objective, of the newest `limit` runs that built any).
   */
  async list(principal: Principal, query: { limit?: string }): Promise<DatasetListing> {
    const limit = query.limit === undefined ? 50 : Number(query.limit);
    if (!/^\d+$/.test(query.limit ?? '50') || limit < 1 || limit > 200)
      throw new ValidationError([{ path: 'limit', rule: 'must be an integer between 1 and 200' }]);
    const [api, runs] = await Promise.all([
      this.repository.list(principal.tenant, limit),
      this.repository.listRunBuilds(principal.tenant, limit),
    ]);
    return {
      datasets: api.map((d) => ({ ...d, origin: 'api' as const })),
      runBuilds: runs.map((d) => ({ ...d, origin: 'run' as const })),
    };
  }

  /**
   * Pairs added, removed (by reason) and relabelled from build `a` to build `b`: the
   * same `diffDatasets` as `hindsight dataset diff <dirA> <dirB>`, over the two builds' folders.
   * @throws ValidationError naming `a`/`b` when missing or not yet built; NotFoundError for another tenant's or an unknown build.
   */
  async diff(
    principal: Principal,
    query: { a?: string; b?: string },
  ): Promise<{ a: DatasetBuildRow; b: DatasetBuildRow; diff: DatasetDiff }> {
    const missing = (['a', 'b'] as const)
      .filter((k) => !query[k])
      .map((k) => ({ path: k, rule: 'required: a dataset build id' }));
    if (missing.length > 0) throw new ValidationError(missing);
    const [a, b] = await Promise.all([this.get(principal, query.a!), this.get(principal, query.b!)]);
    const unbuilt = (
      [
        ['a', a],
        ['b', b],
      ] as const
    )
      .filter(([, row]) => row.status !== 'built')
      .map(([k, row]) => ({ path: k, rule: `must be a built dataset (${row.id} is ${row.status})` }));
    if (unbuilt.length > 0) throw new ValidationError(unbuilt);
    return { a: withoutManifest(a), b: withoutManifest(b), diff: await diffDatasets(a.directory, b.directory) };
  }

  private async run(row: DatasetBuildRow, recipe: DatasetRecipe): Promise<void> {
    try {
      const manifest = await buildDataset(this.dataSource, {
        tenant: row.tenant,
        asOf: row.asOf,
        recipe,
        outDir: row.directory,
        codeVersion: codeVersion(),
        onProgress: (done, total) => this.logger.debug({ build: row.id, done, total }, 'dataset build progress'),
      });
      await this.repository.finish(row.id, { manifest });
      this.logger.info({ build: row.id, pairs: manifest.counts.pairs, sha256: manifest.sha256 }, 'dataset built');
    } catch (error) {
      this.logger.error({ build: row.id, err: error }, 'dataset build failed');
      // A failed build's partial files are of no use (a rebuild writes the same bytes) and, on a full disk, keep it full.
      await rm(row.directory, { recursive: true, force: true }).catch((removeError: unknown) =>
        this.logger.warn(
          { build: row.id, directory: row.directory, err: removeError },
          "could not remove the failed build's partial files",
        ),
      );
      try {
        await this.repository.finish(row.id, { error: error instanceof Error ? error.message : String(error) });
      } catch (recordError) {
        // Nobody awaits a background build: a rejection here would be unhandled and end the api.
        this.logger.error(
          { build: row.id, err: recordError },
          'could not record the failed dataset build; it stays "running"',
        );
      }
    }
  }
}

/** A build's row without its manifest (a diff names the builds; their manifests are one request away). */
function withoutManifest(row: DatasetBuildRow): DatasetBuildRow {
  return { ...row, manifest: null };
}

/** The request's recipe with its top-level `objectives`, `outputs` and `fileFormat` (each overrides the recipe's). */
function recipeOfRequest(request: DatasetRequest): DatasetRecipe {
  const { recipe, objectives, outputs, fileFormat } = request;
  const given = Object.fromEntries(
    Object.entries({ objectives, outputs, fileFormat }).filter(([, v]) => v !== undefined),
  );
  return normaliseRecipe({ ...(recipe ?? {}), ...given });
}
