import type { DatasetListing } from './api-types';

interface Manifest {
  readonly sha256?: string;
  readonly counts?: {
    readonly pairs?: number;
    readonly bySplit?: Record<string, number>;
    readonly byObjective?: Record<string, number>;
    readonly byExclusionReason?: Record<string, number>;
  };
  readonly erasuresAppliedCount?: number;
}

/** One row of the console's builds table, whoever built it. */
export interface DatasetBuildRowView {
  /** Unique in the table: the api build's id, or `runId:objective`. */
  readonly key: string;
  /** What names the build: the api build's id, or the objective a run built it for. */
  readonly build: string;
  /** `api`, or the id of the retrain run that built it. */
  readonly origin: { readonly kind: 'api' } | { readonly kind: 'run'; readonly runId: string };
  readonly asOf: string;
  /** When it was requested (api) or last recorded on its run (run): the table's order, newest first. */
  readonly at: string;
  readonly status: string;
  readonly pairs: number | null;
  readonly bySplit: Readonly<Record<string, number>> | null;
  readonly byObjective: Readonly<Record<string, number>> | null;
  readonly excluded: Readonly<Record<string, number>> | null;
  readonly erasures: number | null;
  readonly sha256: string | null;
}

/**
 * Every build of `GET /v1/datasets` in one list, newest first: those requested through
 * the api and those retrain runs built (one per objective), each with its origin. Pure.
 * @example datasetBuildRows({ datasets: [], runBuilds: [{ origin: 'run', runId: 'r1', objective: 'helpfulness', … }] })[0].origin; // { kind: 'run', runId: 'r1' }
 */
export function datasetBuildRows(listing: DatasetListing): DatasetBuildRowView[] {
  const api = listing.datasets.map((d): DatasetBuildRowView => {
    const m = (d.manifest ?? {}) as Manifest;
    return {
      key: d.id,
      build: d.id,
      origin: { kind: 'api' },
      asOf: d.asOf,
      at: d.createdAt,
      status: d.error ? `${d.status}: ${d.error}` : d.status,
      pairs: m.counts?.pairs ?? null,
      bySplit: m.counts?.bySplit ?? null,
      byObjective: m.counts?.byObjective ?? null,
      excluded: m.counts?.byExclusionReason ?? null,
      erasures: m.erasuresAppliedCount ?? null,
      sha256: m.sha256 ?? null,
    };
  });
  const runs = listing.runBuilds.map((d): DatasetBuildRowView => ({
    key: `${d.runId}:${d.objective}`,
    build: d.objective,
    origin: { kind: 'run', runId: d.runId },
    asOf: d.asOf,
    at: d.updatedAt,
    status: 'built',
    pairs: d.examples,
    bySplit: null,
    byObjective: { [d.objective]: d.examples },
    excluded: null,
    erasures: null,
    sha256: d.sha256,
  }));
  return [...api, ...runs].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.key < b.key ? 1 : -1));
}
