import type { DriftMeasurementJson } from './api-types';

export interface DriftPoint {
  /** The line it belongs to: the policy, and the objective for a per-objective reading (`p1 · helpfulness`). */
  readonly series: string;
  readonly policyId: string;
  readonly objective: string | null;
  readonly measuredAt: Date;
  readonly value: number;
  readonly threshold: number | null;
  /** the reading fired a retrain (the run it started) */
  readonly runId: string | null;
}

export interface DriftSeries {
  readonly points: DriftPoint[];
  /** each line's threshold (the last one read), for the rule drawn across the chart */
  readonly thresholds: { readonly series: string; readonly threshold: number }[];
}

/**
 * Drift over time: every whole-traffic reading of `GET /v1/drift` (newest first
 * there) in time order, one line per policy and objective, with each line's
 * threshold. Per-surface readings are left out: they are a breakdown of the
 * objective's line, and the trigger reads only the whole traffic.
 *
 * @example
 * driftSeries(page.items).points[0]; // { series: 'p1 · helpfulness', policyId: 'p1', objective: 'helpfulness', measuredAt: 2026-10-01T…, value: 0.12, threshold: 0.3, runId: null }
 * @throws never.
 */
export function driftSeries(items: readonly DriftMeasurementJson[]): DriftSeries {
  const points = items
    .filter((m) => m.surface === null)
    .map((m) => ({
      series: m.objective === null ? m.policyId : `${m.policyId} · ${m.objective}`,
      policyId: m.policyId,
      objective: m.objective,
      measuredAt: new Date(m.measuredAt),
      value: m.value,
      threshold: m.threshold,
      runId: m.runId,
    }))
    .sort((a, b) => a.measuredAt.getTime() - b.measuredAt.getTime() || (a.series < b.series ? -1 : 1));
  const last = new Map<string, number>();
  for (const p of points) if (p.threshold !== null) last.set(p.series, p.threshold);
  return {
    points,
    thresholds: [...last].sort(([a], [b]) => (a < b ? -1 : 1)).map(([series, threshold]) => ({ series, threshold })),
  };
}
