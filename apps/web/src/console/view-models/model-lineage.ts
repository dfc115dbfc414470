import type { ModelSummaryJson } from './api-types';

export interface MetricDelta {
  readonly name: string;
  readonly value: number | null;
  readonly parent: number | null;
  /** value − parent (as `hindsight models compare PARENT CHILD` prints it); null when either is missing */
  readonly delta: number | null;
}

export interface LineageEntry {
  readonly modelVersion: string;
  readonly objective: string;
  readonly runId: string;
  readonly asOf: string;
  readonly parentVersion: string | null;
  /** parent, grandparent, … as far as the listed registry reaches */
  readonly ancestors: string[];
  readonly metrics: MetricDelta[];
}

/**
 * The model registry with lineage: for each model (in the given order, the api's
 * newest first), its chain of ancestors and every metric either it or its parent
 * has, with the delta against the parent. A parent not in the list yields nulls.
 *
 * @example
 * modelLineage(models)[0].metrics; // [{ name: 'pairwiseAccuracy', value: 0.71, parent: 0.68, delta: 0.03 }, …]
 * @throws never (a cycle in the parent links stops the ancestor walk).
 */
export function modelLineage(models: readonly ModelSummaryJson[]): LineageEntry[] {
  const byVersion = new Map(models.map((m) => [m.modelVersion, m]));
  return models.map((m) => {
    const ancestors: string[] = [];
    const seen = new Set([m.modelVersion]);
    for (let p = m.parentVersion; p !== null && !seen.has(p); p = byVersion.get(p)?.parentVersion ?? null) {
      ancestors.push(p);
      seen.add(p);
    }
    const parent = m.parentVersion === null ? undefined : byVersion.get(m.parentVersion);
    const names = [...new Set([...Object.keys(m.metrics), ...Object.keys(parent?.metrics ?? {})])].sort();
    const metrics = names.map((name) => {
      const value = m.metrics[name] ?? null;
      const before = parent?.metrics[name] ?? null;
      return { name, value, parent: before, delta: value !== null && before !== null ? value - before : null };
    });
    return {
      modelVersion: m.modelVersion,
      objective: m.objective,
      runId: m.runId,
      asOf: m.asOf,
      parentVersion: m.parentVersion,
      ancestors,
      metrics,
    };
  });
}
