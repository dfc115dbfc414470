import type { DriftMeasurementJson } from './api-types';

export interface DriftPoint {
  readonly policyId: string;
  readonly measuredAt: Date;
  readonly value: number;
  readonly threshold: number | null;
  /** the reading fired a retrain (the run it started) */
  readonly runId: string | null;
}

export interface DriftSeries {
  readonly points: DriftPoint[];
  /** each policy's threshold (the last one read), for the rule drawn across the chart */
  readonly thresholds: { readonly policyId: string; readonly threshold: number }[];
}

/**
 * Drift over time: every reading of `GET /v1/drift` (newest first there) in time
 * order, per policy, with each policy's threshold.
 *
 * @example
 * driftSeries(page.items).points[0]; // { policyId: 'p1', measuredAt: 2026-10-01T…, value: 0.12, threshold: 0.3, runId: null }
 * @throws never.
 */
export function driftSeries(items: readonly DriftMeasurementJson[]): DriftSeries {
  const points = items
    .map((m) => ({
      policyId: m.policyId,
      measuredAt: new Date(m.measuredAt),
      value: m.value,
      threshold: m.threshold,
      runId: m.runId,
    }))
    .sort((a, b) => a.measuredAt.getTime() - b.measuredAt.getTime() || (a.policyId < b.policyId ? -1 : 1));
  const last = new Map<string, number>();
  for (const p of points) if (p.threshold !== null) last.set(p.policyId, p.threshold);
  return {
    points,
    thresholds: [...last]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([policyId, threshold]) => ({ policyId, threshold })),
  };
}
