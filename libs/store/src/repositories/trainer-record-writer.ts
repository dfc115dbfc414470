import type { EntityManager } from 'typeorm';
import type { TrainerRecordChanges } from '@hindsight/projections';

/** A run's state as a rank: a run only moves forward, and `completed` and `failed` are both final. */
const STATE_RANK = `CASE %s WHEN 'requested' THEN 0 WHEN 'dataset-built' THEN 1 WHEN 'gated' THEN 2 WHEN 'trained' THEN 3 ELSE 4 END`;
const rankOf = (expression: string) => STATE_RANK.replace('%s', expression);

/**
 * Writes the trainer's runs and registry entries of a change set: the one code
 * path of the projector (from Kafka) and of the trainer (from the events it
 * puts in its outbox, in the same transaction), so the live rows are the rows a
 * replay rebuilds. Idempotent: a request or a model seen before is left alone,
 * and a run never moves back to an earlier state. Returns the registry entries
 * (tenant, model version) inserted now.
 */
export async function writeTrainerRecords(
  tx: EntityManager,
  changes: TrainerRecordChanges,
): Promise<{ tenant: string; modelVersion: string }[]> {
  if (changes.runsRequested.length > 0) {
    await tx.query(
      `INSERT INTO trainer_runs (tenant, run_id, state, request_event_id, request, created_at, updated_at)
       SELECT r.tenant, r."runId", 'requested', r."requestEventId", r.request, r."recordedAt", r."recordedAt"
       FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, "runId" text, "requestEventId" uuid, request jsonb, "recordedAt" timestamptz)
       ON CONFLICT (tenant, run_id) DO NOTHING`,
      [JSON.stringify(changes.runsRequested)],
    );
  }
  // One by one, in order: two states of one run in a batch must not race.
  for (const a of changes.runsAdvanced) {
    await tx.query(
      `UPDATE trainer_runs SET state = $3, policy_id = $4::uuid, recipe = $5::jsonb, gates = $6::jsonb, datasets = $7::jsonb,
         gate_report = $8::jsonb, failure = $9::jsonb, updated_at = $10,
         finished_at = CASE WHEN $3 IN ('completed', 'failed') THEN $10::timestamptz END
       WHERE tenant = $1 AND run_id = $2 AND ${rankOf('state')} < ${rankOf('$3')}`,
      [
        a.tenant,
        a.runId,
        a.state,
        a.policyId,
        jsonOrNull(a.recipe),
        jsonOrNull(a.gates),
        jsonOrNull(a.datasets),
        jsonOrNull(a.gateReport),
        jsonOrNull(a.failure),
        a.recordedAt,
      ],
    );
  }
  if (changes.models.length === 0) return [];
  return tx.query(
    `INSERT INTO model_versions (model_version, tenant, run_id, objective, parent_version, policy_id, as_of, recipe, dataset_sha256, dataset_uri,
       artifact_uri, manifest, metrics, training, code_version, family, created_at)
     SELECT r."modelVersion", r.tenant, r."runId", r.objective, r."parentVersion", r."policyId", r."asOf", r.recipe, r."datasetSha256", r."datasetUri",
       r."artifactUri", r.manifest, r.metrics, r.training, r."codeVersion", NULLIF(r.family, 'null'::jsonb), r."recordedAt"
     FROM jsonb_to_recordset($1::jsonb) AS r("modelVersion" text, tenant text, "runId" text, objective text, "parentVersion" text, "policyId" uuid,
       "asOf" timestamptz, recipe jsonb, "datasetSha256" text, "datasetUri" text, "artifactUri" text, manifest jsonb, metrics jsonb, training jsonb,
       "codeVersion" text, family jsonb, "recordedAt" timestamptz)
     ON CONFLICT DO NOTHING RETURNING tenant, model_version AS "modelVersion"`,
    [JSON.stringify(changes.models)],
  );
}

function jsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
