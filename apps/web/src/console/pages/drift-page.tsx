import * as Plot from '@observablehq/plot';
import { ChartFigure } from '../chart-figure';
import { DataTable } from '../data-table';
import { num, when } from '../format';
import { Status } from '../status';
import { useAllPages } from '../use-api';
import type { DriftMeasurementJson } from '../view-models/api-types';
import { driftSeries } from '../view-models/drift-series';

/** Prompt drift over time per policy and objective with its threshold (`GET /v1/drift`). */
export function DriftPage() {
  const items = useAllPages<DriftMeasurementJson>('/v1/drift');
  const series = driftSeries(items.data ?? []);
  return (
    <>
      <h1>Drift over time</h1>
      <p>
        Jensen–Shannon divergence (bits) between the word distributions of the prompts each objective&apos;s current
        models were trained on and the prompts users sent since (over the sliding window), as the scheduler measured it
        for each policy with a drift trigger; per-surface readings: <code>hindsight drift</code>.
      </p>
      <Status state={items} what="the drift measurements" />
      {items.data && (
        <ChartFigure
          id="drift"
          title="Prompt drift per policy and objective; dashed lines are the thresholds"
          summary="A reading at or above its policy's threshold starts a retrain (ringed points)."
          empty={
            series.points.length === 0
              ? 'No drift was measured yet: only policies with a drift threshold are measured.'
              : undefined
          }
          options={{
            height: 260,
            ariaLabel: 'Drift over time',
            x: { label: 'measured at', type: 'utc' },
            y: { label: 'drift (bits)', domain: [0, 1], grid: true },
            color: { legend: true, label: 'policy · objective' },
            marks: [
              Plot.ruleY(series.thresholds, { y: 'threshold', stroke: 'series', strokeDasharray: '4 3' }),
              Plot.line(series.points, { x: 'measuredAt', y: 'value', stroke: 'series' }),
              Plot.dot(series.points, { x: 'measuredAt', y: 'value', fill: 'series', r: 3 }),
              Plot.dot(
                series.points.filter((p) => p.runId),
                { x: 'measuredAt', y: 'value', stroke: '#1b1f24', r: 7 },
              ),
            ],
          }}
        />
      )}
      {series.points.length > 0 && (
        <DataTable
          id="drift"
          label="Drift measurements"
          rows={[...series.points].reverse()}
          rowKey={(p) => `${p.series}:${p.measuredAt.toISOString()}`}
          columns={[
            { header: 'Measured', cell: (p) => when(p.measuredAt.toISOString()) },
            { header: 'Policy', cell: (p) => p.policyId },
            { header: 'Objective', cell: (p) => p.objective ?? 'all of the policy' },
            { header: 'Drift', cell: (p) => num(p.value) },
            { header: 'Threshold', cell: (p) => num(p.threshold) },
            {
              header: 'Retrain',
              cell: (p) => (p.runId ? <a href={`/console/runs/${encodeURIComponent(p.runId)}`}>{p.runId}</a> : '–'),
            },
          ]}
        />
      )}
    </>
  );
}
