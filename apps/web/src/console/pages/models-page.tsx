import * as Plot from '@observablehq/plot';
import { Chart } from '../chart';
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
  const accuracy = models.filter((m) => typeof m.metrics.pairwiseAccuracy === 'number').map((m) => ({ objective: m.objective, asOf: new Date(m.asOf), accuracy: m.metrics.pairwiseAccuracy, version: m.modelVersion }));
  return (
    <>
      <h1>Model registry</h1>
      <Status state={list} what="the registry" />
      {list.data && models.length === 0 && <p class="notice">No reward model is registered yet.</p>}
      {models.length > 0 && (
        <>
          <Chart
            id="model-accuracy"
            title="Held-out pairwise accuracy of each model, by its as-of time"
            summary="One line per objective: each model against the one it replaced."
            empty={accuracy.length === 0 ? 'No model has a pairwise accuracy.' : undefined}
            draw={(width) =>
              Plot.plot({
                width,
                height: 240,
                ariaLabel: 'Pairwise accuracy by model',
                x: { label: 'as of', type: 'utc' },
                y: { label: 'pairwise accuracy', domain: [0, 1], grid: true },
                color: { legend: true, label: 'objective' },
                marks: [Plot.ruleY([0.5], { strokeDasharray: '4 3' }), Plot.line(accuracy, { x: 'asOf', y: 'accuracy', stroke: 'objective' }), Plot.dot(accuracy, { x: 'asOf', y: 'accuracy', fill: 'objective', r: 4 })],
              })
            }
          />
          <div class="table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on narrow screens)">
            <table data-table="models">
              <thead>
                <tr>
                  <th scope="col">Model</th><th scope="col">Objective</th><th scope="col">As of</th><th scope="col">Lineage</th>
                  {SHOWN.map((m) => <th scope="col" key={m}>{m} (Δ parent)</th>)}
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.modelVersion} data-model={e.modelVersion}>
                    <th scope="row">{e.modelVersion}</th>
                    <td>{e.objective}</td>
                    <td>{when(e.asOf)}</td>
                    <td>{e.ancestors.length ? `← ${e.ancestors.join(' ← ')}` : 'first'}</td>
                    {SHOWN.map((name) => {
                      const m = e.metrics.find((x) => x.name === name);
                      return (
                        <td key={name} data-metric={name}>
                          {num(m?.value ?? null)}
                          {m && m.delta !== null ? ` (${m.delta >= 0 ? '+' : ''}${num(m.delta)})` : ''}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
