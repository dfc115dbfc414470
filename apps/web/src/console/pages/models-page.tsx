import * as Plot from '@observablehq/plot';
import { ChartFigure } from '../chart-figure';
import { DataTable } from '../data-table';
import { num, when } from '../format';
import { Status } from '../status';
import { useApi } from '../use-api';
import type { ModelSummaryJson } from '../view-models/api-types';
import { modelLineage } from '../view-models/model-lineage';

const SHOWN = ['pairwiseAccuracy', 'logLoss', 'expectedCalibrationError', 'outcomeAuc'];

/** The model registry: lineage and each metric's delta against the parent (`GET /v1/models`). */
export function ModelsPage() {
  const list = useApi<{ models: ModelSummaryJson[] }>('/v1/models?limit=200');
  const models = list.data?.models ?? [];
  const entries = modelLineage(models);
  const accuracy = models
    .filter((m) => typeof m.metrics.pairwiseAccuracy === 'number')
    .map((m) => ({
      objective: m.objective,
      asOf: new Date(m.asOf),
      accuracy: m.metrics.pairwiseAccuracy,
      version: m.modelVersion,
    }));
  return (
    <>
      <h1>Model registry</h1>
      <Status state={list} what="the registry" />
      {list.data && models.length === 0 && <p class="notice">No reward model is registered yet.</p>}
      {models.length > 0 && (
        <>
          <ChartFigure
            id="model-accuracy"
            title="Held-out pairwise accuracy of each model, by its as-of time"
            summary="One line per objective: each model against the one it replaced."
            empty={accuracy.length === 0 ? 'No model has a pairwise accuracy.' : undefined}
            options={{
              height: 240,
              ariaLabel: 'Pairwise accuracy by model',
              x: { label: 'as of', type: 'utc' },
              y: { label: 'pairwise accuracy', domain: [0, 1], grid: true },
              color: { legend: true, label: 'objective' },
              marks: [
                Plot.ruleY([0.5], { strokeDasharray: '4 3' }),
                Plot.line(accuracy, { x: 'asOf', y: 'accuracy', stroke: 'objective' }),
                Plot.dot(accuracy, { x: 'asOf', y: 'accuracy', fill: 'objective', r: 4 }),
              ],
            }}
          />
          <DataTable
            id="models"
            label="Registered models"
            rows={entries}
            rowKey={(e) => e.modelVersion}
            rowAttrs={(e) => ({ 'data-model': e.modelVersion })}
            columns={[
              { header: 'Model', rowHeader: true, cell: (e) => e.modelVersion },
              { header: 'Objective', cell: (e) => e.objective },
              { header: 'As of', cell: (e) => when(e.asOf) },
              { header: 'Lineage', cell: (e) => (e.ancestors.length ? `← ${e.ancestors.join(' ← ')}` : 'first') },
              ...SHOWN.map((name) => ({
                header: `${name} (Δ parent)`,
                attrs: { 'data-metric': name },
                cell: (e: (typeof entries)[number]) => {
                  const m = e.metrics.find((x) => x.name === name);
                  return `${num(m?.value ?? null)}${m && m.delta !== null ? ` (${m.delta >= 0 ? '+' : ''}${num(m.delta)})` : ''}`;
                },
              })),
            ]}
          />
        </>
      )}
    </>
  );
}
