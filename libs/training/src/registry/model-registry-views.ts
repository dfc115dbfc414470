import type { ModelSummary, OutcomeAuditView } from '@hindsight/api-types';
import { diffDatasets, type DatasetDiff } from '@hindsight/datasets';
import { NotFoundError, ValidationError } from '@hindsight/contracts';
import type { ModelOutcomeAuditRow, ModelRegistryRepository, ModelVersionRow } from '@hindsight/store';
import type { ArtifactStore } from '../artifacts/artifact-store';
import { pathOfUri } from '../artifacts/local-artifact-store';
import { withLocalFolder } from '../artifacts/with-local-folder';

/** Runs `work` on a local folder holding a dataset build. */
type BuildReader = <T>(work: (dir: string) => Promise<T>) => Promise<T>;

export type { ModelSummary, OutcomeAuditSliceView, OutcomeAuditView } from '@hindsight/api-types';

/** One entry in full. */
export interface ModelView extends ModelSummary {
  readonly recipe: Readonly<Record<string, unknown>>;
  readonly artifactUri: string;
  readonly datasetUri: string;
  readonly codeVersion: string;
  readonly training: Readonly<Record<string, unknown>>;
  readonly datasetCounts: unknown;
}

export interface ModelComparison {
  readonly a: { readonly ref: string; readonly models: ModelSummary[] };
  readonly b: { readonly ref: string; readonly models: ModelSummary[] };
  readonly objectives: {
    readonly objective: string;
    readonly a: {
      readonly modelVersion: string;
      readonly policyId: string | null;
      readonly asOf: string;
      readonly datasetSha256: string;
    };
    readonly b: {
      readonly modelVersion: string;
      readonly policyId: string | null;
      readonly asOf: string;
      readonly datasetSha256: string;
    };
    /** Every metric either model has: values and b − a. */
    readonly metrics: {
      readonly name: string;
      readonly a: number | null;
      readonly b: number | null;
      readonly delta: number | null;
    }[];
    readonly sameDataset: boolean;
    /** Pairs added, removed and relabelled from a's training set to b's; null (with a note) when the builds are not readable here. */
    readonly datasetDiff: DatasetDiff | null;
    readonly datasetDiffNote?: string;
    /** Each model's latest outcome audit (null: never audited), and whether B is flagged against its parent. */
    readonly outcomes: {
      readonly a: OutcomeAuditView | null;
      readonly b: OutcomeAuditView | null;
      /** B's latest audit flags it: it agrees less with outcomes than its parent. */
      readonly bFlagged: boolean;
    };
  }[];
}

function auditView(a: ModelOutcomeAuditRow | undefined): OutcomeAuditView | null {
  if (!a) return null;
  return {
    auditId: a.auditId,
    parentVersion: a.parentVersion,
    asOf: a.asOf.toISOString(),
    trigger: a.trigger,
    method: a.method,
    level: a.level,
    flagged: a.flagged,
    overall: a.overall,
    bySurface: a.bySurface,
    recordedAt: a.recordedAt.toISOString(),
  };
}

export function summarise(m: ModelVersionRow, audit?: ModelOutcomeAuditRow): ModelSummary {
  return {
    modelVersion: m.modelVersion,
    objective: m.objective,
    runId: m.runId,
    parentVersion: m.parentVersion,
    policyId: m.policyId,
    asOf: m.asOf.toISOString(),
    datasetSha256: m.datasetSha256,
    metrics: m.metrics,
    createdAt: m.createdAt.toISOString(),
    outcomeAudit: auditView(audit),
  };
}

/** The registry's use cases for the api and the CLI: list, show, compare. */
export class ModelRegistryViews {
  /** `artifacts`: the store the trainer writes to, for compare's dataset diff of builds that are not local files (s3://). */
  constructor(
    private readonly models: ModelRegistryRepository,
    private readonly artifacts?: ArtifactStore,
  ) {}

  async list(
    tenant: string,
    options: { objective?: string; limit?: number } = {},
  ): Promise<{ models: ModelSummary[] }> {
    const limit = options.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new ValidationError([{ path: 'limit', rule: 'must be an integer between 1 and 1000' }]);
    return {
      models: await this.summaries(tenant, await this.models.list(tenant, { objective: options.objective, limit })),
    };
  }

  async show(tenant: string, modelVersion: string): Promise<ModelView> {
    const m = await this.models.find(tenant, modelVersion);
    if (!m) throw new NotFoundError('model version', modelVersion);
    const [summary] = await this.summaries(tenant, [m]);
    return {
      ...summary,
      recipe: m.recipe,
      artifactUri: m.artifactUri,
      datasetUri: m.datasetUri,
      codeVersion: m.codeVersion,
      training: m.training,
      datasetCounts: (m.manifest as { counts?: unknown }).counts ?? null,
    };
  }

  /**
   * Compares A with B, each a model version or a run id (all of the run's models):
   * per objective, the metric deltas (b − a), whether the training sets are the
   * same bytes, the pair-level diff between them, and the policy and as-of time each came from.
   * Two single models of different objectives are compared with each other.
   */
  async compare(tenant: string, a: string, b: string): Promise<ModelComparison> {
    const [left, right] = await Promise.all([this.resolve(tenant, a, 'a'), this.resolve(tenant, b, 'b')]);
    const pairs: [string, ModelVersionRow, ModelVersionRow][] = [];
    if (left.length === 1 && right.length === 1) {
      const objective =
        left[0].objective === right[0].objective ? left[0].objective : `${left[0].objective} / ${right[0].objective}`;
      pairs.push([objective, left[0], right[0]]);
    } else {
      for (const l of left) {
        const r = right.find((m) => m.objective === l.objective);
        if (r) pairs.push([l.objective, l, r]);
      }
      if (pairs.length === 0)
        throw new ValidationError([
          { path: 'b', rule: `shares no objective with a (${left.map((m) => m.objective).join(', ')})` },
        ]);
    }
    const audits = await this.models.latestOutcomeAudits(tenant, [
      ...new Set([...left, ...right].map((m) => m.modelVersion)),
    ]);
    const objectives: ModelComparison['objectives'] = [];
    for (const [objective, l, r] of pairs) {
      const names = [...new Set([...Object.keys(l.metrics), ...Object.keys(r.metrics)])].sort();
      const metrics = names.map((name) => {
        const va = l.metrics[name] ?? null;
        const vb = r.metrics[name] ?? null;
        return { name, a: va, b: vb, delta: va === null || vb === null ? null : vb - va };
      });
      const side = (m: ModelVersionRow) => ({
        modelVersion: m.modelVersion,
        policyId: m.policyId,
        asOf: m.asOf.toISOString(),
        datasetSha256: m.datasetSha256,
      });
      let datasetDiff: DatasetDiff | null = null;
      let datasetDiffNote: string | undefined;
      const [ra, rb] = [this.buildReader(l.datasetUri), this.buildReader(r.datasetUri)];
      if (ra === undefined || rb === undefined)
        datasetDiffNote = `the dataset builds are not in the artifact store this process reads (ARTIFACTS_DIR${this.artifacts ? ` = ${this.artifacts.location}` : ' unset'})`;
      else {
        try {
          datasetDiff = await ra((pa) => rb((pb) => diffDatasets(pa, pb)));
        } catch (error) {
          datasetDiffNote = `the dataset builds could not be read here: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
      objectives.push({
        objective,
        a: side(l),
        b: side(r),
        metrics,
        sameDataset: l.datasetSha256 === r.datasetSha256,
        datasetDiff,
        ...(datasetDiffNote ? { datasetDiffNote } : {}),
        outcomes: {
          a: auditView(audits.get(l.modelVersion)),
          b: auditView(audits.get(r.modelVersion)),
          bFlagged: audits.get(r.modelVersion)?.flagged ?? false,
        },
      });
    }
    const summary = (m: ModelVersionRow) => summarise(m, audits.get(m.modelVersion));
    return { a: { ref: a, models: left.map(summary) }, b: { ref: b, models: right.map(summary) }, objectives };
  }

  /** The rows as summaries, each with its latest outcome audit. */
  private async summaries(tenant: string, rows: readonly ModelVersionRow[]): Promise<ModelSummary[]> {
    const audits = await this.models.latestOutcomeAudits(
      tenant,
      rows.map((m) => m.modelVersion),
    );
    return rows.map((m) => summarise(m, audits.get(m.modelVersion)));
  }

  /** A local file:// build is read where it is (whatever the store); a build in the configured store through a local copy. */
  private buildReader(uri: string): BuildReader | undefined {
    const path = pathOfUri(uri);
    if (path !== undefined) return (work) => work(path);
    const store = this.artifacts;
    const key = store?.keyOf(uri);
    if (store === undefined || key === undefined) return undefined;
    return (work) => withLocalFolder(store, key, work);
  }

  private async resolve(tenant: string, ref: string, path: string): Promise<ModelVersionRow[]> {
    const model = await this.models.find(tenant, ref);
    if (model) return [model];
    const ofRun = await this.models.listByRun(tenant, ref);
    if (ofRun.length > 0) return ofRun;
    throw new NotFoundError(`model version or run (${path})`, ref);
  }
}
