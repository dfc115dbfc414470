import type { DatasetManifest } from '@hindsight/datasets';
import type { PlantedBehaviour } from '@hindsight/quality';
import { renderQualityReport, type TenantQualityReport } from '@hindsight/quality-report';
import type { ModelRegistryRepository } from '@hindsight/store';
import type { ModelComparison } from '@hindsight/training';
import type { DemoApi } from './demo-api';
import type { FireSummary } from './demo-summary';
import { plantedVersusFound, renderPlantedVersusFound, type PlantedVersusFoundRow } from './planted-versus-found';
import { renderManifests } from './render-manifests';
import { renderModelComparison } from './render-model-comparison';

export interface FindingsRequest {
  readonly api: DemoApi;
  /** Starts a numbered step. */
  readonly heading: (title: string) => void;
  readonly out: (line: string) => void;
  /** The two fires, oldest first. */
  readonly fires: readonly FireSummary[];
  readonly planted: Readonly<Record<string, PlantedBehaviour>>;
  readonly tenant: string;
  readonly models: Pick<ModelRegistryRepository, 'listByRun'>;
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => (l === '' ? l : `  ${l}`))
    .join('\n');

/**
 * What the demo ends with: the quality report as of the second fire with what it
 * found against what was planted, the second run's dataset manifests, and the new
 * models' held-out metrics next to the previous ones. Read through the api, as a
 * tenant would, except the manifests, which the registry keeps with each model.
 */
export async function printFindings(request: FindingsRequest): Promise<PlantedVersusFoundRow[]> {
  const { api, out, fires } = request;
  const [previous, latest] = fires;

  request.heading(`Quality report as of ${latest.period} (both quarters)`);
  out(`  GET /v1/quality/report?asOf=${latest.asOf}`);
  const report = await api.get<TenantQualityReport>('/v1/quality/report', { asOf: latest.asOf });
  out(indent(renderQualityReport(report, { maxRaters: 30 })));
  const rows = plantedVersusFound(request.planted, report.raters);
  out('\n  What the simulator planted, and what the report found:');
  out(indent(renderPlantedVersusFound(rows)));

  request.heading(`Dataset manifests of the ${latest.period} run`);
  const registered = await request.models.listByRun(request.tenant, latest.runId);
  out(indent(renderManifests(registered.map((m) => m.manifest as unknown as DatasetManifest))));
  for (const m of registered) out(`  ${m.objective}: ${m.datasetUri}`);

  request.heading(`The new reward models next to the previous ones`);
  out(`  GET /v1/models/compare?a=${previous.runId}&b=${latest.runId}`);
  const comparison = await api.get<ModelComparison>('/v1/models/compare', { a: previous.runId, b: latest.runId });
  out(indent(renderModelComparison(comparison, { a: `previous (${previous.period})`, b: `new (${latest.period})` })));
  return rows;
}
