import { createHash } from 'node:crypto';
import { formatUuidV7, type HindsightEvent, type RetrainRequested } from '@hindsight/contracts';
import { retrainRequestedEvent } from '@hindsight/scheduling';
import type { ModelVersionRow, TrainerRunRow } from '@hindsight/store';
import { registered } from '../run-record-events';

/** A UUIDv7 at `at` whose random bits are a hash of `seed`: the same seed, the same id. */
export function fixedId(at: Date, seed: string): string {
  return formatUuidV7(at.getTime(), createHash('sha256').update(seed).digest().subarray(0, 10));
}

/** A manual `retrain.requested` of the default recipe. */
export function retrainRequest(spec: {
  tenant: string;
  runId: string;
  asOf: Date;
  recordedAt: Date;
  objectives?: readonly string[];
}): RetrainRequested {
  return retrainRequestedEvent({
    eventId: fixedId(spec.recordedAt, `${spec.tenant}:${spec.runId}:request`),
    runId: spec.runId,
    tenant: spec.tenant,
    source: 'cli',
    recordedAt: spec.recordedAt,
    trigger: { kind: 'manual', requestedBy: 'alice' },
    asOf: spec.asOf,
    objectives: spec.objectives ?? ['helpfulness'],
    recipe: { id: 'default', version: 1 },
    idempotencyKey: `retrain:${spec.runId}:requested`,
  });
}

/** The `model.registered` of a model of `run` for `objective`, trained on data as of `asOf`. */
export function modelRegistered(
  run: Pick<TrainerRunRow, 'tenant' | 'runId' | 'requestEventId'>,
  objective: string,
  asOf: Date,
  createdAt: Date,
  parentVersion: string | null = null,
): HindsightEvent {
  const model: ModelVersionRow = {
    modelVersion: `${objective}-${run.runId}`,
    tenant: run.tenant,
    runId: run.runId,
    objective,
    parentVersion,
    policyId: null,
    asOf,
    recipe: { ref: { id: 'default', version: 1 } },
    datasetSha256: 'a'.repeat(64),
    datasetUri: `memory://artifacts/runs/${run.runId}/dataset/${objective}`,
    artifactUri: `memory://artifacts/models/${objective}-${run.runId}.json`,
    manifest: { sha256: 'a'.repeat(64) },
    metrics: { pairwiseAccuracy: 0.75 },
    training: { seed: 1 },
    codeVersion: 'test',
    family: null,
    createdAt,
  };
  return registered(model, run.requestEventId);
}
