import type { HindsightEvent, RetrainRunAdvancedData, RetrainRunState } from '@hindsight/contracts';
import type { ModelVersionRow, TrainerRunRow } from '@hindsight/store';
import { runEvent } from '@hindsight/training';

/** What every event of the run shares: its run, its request (for the event id), its tenant, when it is recorded. */
export function eventSpec(
  run: Pick<TrainerRunRow, 'runId' | 'requestEventId' | 'tenant'>,
  at: Date,
): { runId: string; requestEventId: string; tenant: string; recordedAt: Date } {
  return { runId: run.runId, requestEventId: run.requestEventId, tenant: run.tenant, recordedAt: at };
}

type RunRecord = Omit<RetrainRunAdvancedData, 'runId' | 'state'>;

/**
 * The run's `retrain.run-advanced` to `state`: its record as it stands, with `changes`.
 * @throws ValidationError when the record does not make a valid event.
 */
export function advanced(
  run: TrainerRunRow,
  at: Date,
  state: RetrainRunState,
  changes: Partial<RunRecord>,
): HindsightEvent {
  const current = {
    policyId: run.policyId,
    recipe: run.recipe,
    gates: run.gates,
    datasets: run.datasets === null ? null : [...run.datasets],
    gateReport: run.gateReport,
    failure: run.failure,
  };
  return runEvent('advanced', { ...eventSpec(run, at), data: { runId: run.runId, state, ...current, ...changes } });
}

/**
 * The `model.registered` of a registry entry, recorded when the entry was created.
 * @throws ValidationError when the entry does not make a valid event.
 */
export function registered(model: ModelVersionRow, requestEventId: string): HindsightEvent {
  return runEvent('model', {
    ...eventSpec({ runId: model.runId, requestEventId, tenant: model.tenant }, model.createdAt),
    data: {
      runId: model.runId,
      objective: model.objective,
      modelVersion: model.modelVersion,
      parentVersion: model.parentVersion,
      policyId: model.policyId,
      asOf: model.asOf.toISOString(),
      recipe: model.recipe,
      datasetSha256: model.datasetSha256,
      datasetUri: model.datasetUri,
      artifactUri: model.artifactUri,
      manifest: model.manifest,
      metrics: model.metrics,
      training: model.training,
      codeVersion: model.codeVersion,
      ...(model.family === null ? {} : { family: model.family }),
    },
  });
}

/** Characters of a manifest the registry keeps whole: well inside Kafka's default 1 MB message. */
export const MAX_REGISTRY_MANIFEST_CHARS = 256_000;

/**
 * The dataset manifest as the registry keeps it (and `model.registered` carries
 * it): whole, unless its list of applied erasures, which grows with the
 * tenant's erasures, makes it longer than `maxChars`; then the list is replaced
 * by its length (`erasuresAppliedCount`). The whole manifest stays in the
 * artifact store beside the dataset.
 * @example registryManifest({ sha256: 'ab', erasuresApplied: [] }) // the same manifest
 */
export function registryManifest(
  manifest: Record<string, unknown>,
  maxChars = MAX_REGISTRY_MANIFEST_CHARS,
): Record<string, unknown> {
  const erasures = manifest.erasuresApplied;
  if (!Array.isArray(erasures) || JSON.stringify(manifest).length <= maxChars) return manifest;
  const { erasuresApplied: _list, ...rest } = manifest;
  return { ...rest, erasuresAppliedCount: erasures.length };
}
