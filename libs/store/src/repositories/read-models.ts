import type { EntityManager } from 'typeorm';
import type { ChangeSet } from '@hindsight/projections';
import { clientOf, copyRowsOf } from '../copy/copy-rows';
import type { CopyValue } from '../copy/copy-text';
import type { ErasureWriter } from './erasure-writer';
import { applyQueueChanges, lockAssignmentsOf } from './queue-projection';
import { applyRecordChanges } from './record-projection';
import { applyRoutedInteractions } from './routing-projection';
import { writeTrainerRecords } from './trainer-record-writer';

/*
 * The read models a batch's change set writes: comparisons and their amendments,
 * raters, interactions, feedback, outcomes, runs and their metrics, drift
 * measurements, the trainer's records, queues and people's records. The plan
 * (which rows) is made outside the store, by @hindsight/projections.
 */

const COMPARISON_COLUMNS = [
  'annotation_id',
  'tenant',
  'task_id',
  'task_type',
  'objective',
  'rater_id',
  'prompt',
  'responses',
  'shown_order',
  'choice',
  'strength',
  'guideline_version',
  'interface_version',
  'dwell_time_ms',
  'locale',
  'occurred_at',
  'recorded_at',
  'rubric',
  'comment',
] as const;

/** One `comparisons` row, in COMPARISON_COLUMNS' order; into `row` when given (the COPY writer reuses one). */
export function comparisonCopyRow(r: ChangeSet['comparisons'][number], row: CopyValue[] = []): CopyValue[] {
  row[0] = r.annotationId;
  row[1] = r.tenant;
  row[2] = r.taskId;
  row[3] = r.taskType;
  row[4] = r.objective;
  row[5] = r.raterId;
  row[6] = r.prompt;
  row[7] = jsonField(r.responses);
  row[8] = jsonField(r.shownOrder);
  row[9] = jsonField(r.choice);
  row[10] = r.strength;
  row[11] = r.guidelineVersion;
  row[12] = r.interfaceVersion;
  row[13] = r.dwellTimeMs;
  row[14] = r.locale;
  row[15] = r.occurredAt;
  row[16] = r.recordedAt;
  row[17] = jsonField(r.rubric);
  row[18] = r.comment;
  return row;
}

/**
 * A jsonb column's value for `copyTextRows`, written as `JSON.stringify(value)` is: an object as itself
 * (`copyTextField` stringifies it and escapes its JSON without a regex scan), anything else as its JSON
 * text (a string, a number or `null` must be JSON, not the column's text or SQL NULL).
 */
function jsonField(value: unknown): CopyValue {
  return typeof value === 'object' && value !== null && !(value instanceof Date) ? value : JSON.stringify(value);
}

/** Writes a planned change set into the read models (erasures through `erasure`). */
export async function applyChangeSet(tx: EntityManager, change: ChangeSet, erasure: ErasureWriter): Promise<void> {
  const json = (rows: readonly unknown[]) => JSON.stringify(rows);
  // New events only reach the plan (the index dropped duplicates), so COPY cannot meet an existing annotation.
  await copyRowsOf(await clientOf(tx), 'comparisons', COMPARISON_COLUMNS, change.comparisons, comparisonCopyRow);
  if (change.amendments.length > 0) {
    await tx.query(
      `INSERT INTO annotation_amendments (event_id, tenant, annotation_id, kind, changes, recorded_at)
       SELECT r."eventId", r.tenant, r."annotationId", r.kind, r.changes, r."recordedAt"
       FROM jsonb_to_recordset($1::jsonb) AS r("eventId" uuid, tenant text, "annotationId" uuid, kind text, changes jsonb, "recordedAt" timestamptz)
       ON CONFLICT DO NOTHING`,
      [json(change.amendments)],
    );
    // Applied one by one, in order: two corrections of one annotation in a batch must not race.
    for (const a of change.amendments) {
      if (a.kind === 'retracted') {
        await tx.query(
          'UPDATE comparisons SET retracted_at = $3 WHERE annotation_id = $1 AND tenant = $2 AND retracted_at IS NULL',
          [a.annotationId, a.tenant, a.recordedAt],
        );
      } else {
        await tx.query(
          `UPDATE comparisons SET
             choice = COALESCE($3::jsonb -> 'choice', choice),
             strength = CASE WHEN $3::jsonb ? 'strength' THEN ($3::jsonb ->> 'strength')::int ELSE strength END,
             objective = COALESCE($3::jsonb ->> 'objective', objective),
             guideline_version = COALESCE($3::jsonb ->> 'guidelineVersion', guideline_version),
             corrected_at = $4
           WHERE annotation_id = $1 AND tenant = $2`,
          [a.annotationId, a.tenant, JSON.stringify(a.changes), a.recordedAt],
        );
      }
    }
  }
  if (change.raters.length > 0) {
    await tx.query(
      `INSERT INTO raters (tenant, rater_id, expertise, languages, region, opt_in_group, kind, model_id, prompt_version, constitution_version, recorded_at)
       SELECT r.tenant, r."raterId", r.expertise, r.languages, r.region, r."optInGroup", r.kind, r."modelId", r."promptVersion", r."constitutionVersion", r."recordedAt"
       FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, "raterId" text, expertise jsonb, languages jsonb, region text, "optInGroup" text,
         kind text, "modelId" text, "promptVersion" text, "constitutionVersion" text, "recordedAt" timestamptz)
       ON CONFLICT (tenant, rater_id) DO UPDATE SET expertise = EXCLUDED.expertise, languages = EXCLUDED.languages, region = EXCLUDED.region,
         opt_in_group = EXCLUDED.opt_in_group, kind = EXCLUDED.kind, model_id = EXCLUDED.model_id, prompt_version = EXCLUDED.prompt_version,
         constitution_version = EXCLUDED.constitution_version, recorded_at = EXCLUDED.recorded_at
       WHERE raters.recorded_at <= EXCLUDED.recorded_at`,
      [json(change.raters)],
    );
  }
  if (change.interactions.length > 0) {
    await tx.query(
      `INSERT INTO interactions (tenant, interaction_id, prompt, response, model_version, user_id, objective, surface, locale, redactions, occurred_at, recorded_at)
       SELECT r.tenant, r."interactionId", r.prompt, r.response, r."modelVersion", r."userId", r.objective, r.surface, r.locale, r.redactions, r."occurredAt", r."recordedAt"
       FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, "interactionId" text, prompt text, response text, "modelVersion" text, "userId" text,
         objective text, surface text, locale text, redactions jsonb, "occurredAt" timestamptz, "recordedAt" timestamptz)
       ON CONFLICT (tenant, interaction_id) DO NOTHING`,
      [json(change.interactions)],
    );
  }
  if (change.feedback.length > 0) {
    await tx.query(
      `INSERT INTO feedback (event_id, tenant, interaction_id, kind, comment, corrected_response, user_id, occurred_at, recorded_at)
       SELECT r."eventId", r.tenant, r."interactionId", r.kind, r.comment, r."correctedResponse", r."userId", r."occurredAt", r."recordedAt"
       FROM jsonb_to_recordset($1::jsonb) AS r("eventId" uuid, tenant text, "interactionId" text, kind text, comment text, "correctedResponse" text,
         "userId" text, "occurredAt" timestamptz, "recordedAt" timestamptz)
       ON CONFLICT DO NOTHING`,
      [json(change.feedback)],
    );
  }
  if (change.outcomes.length > 0) {
    await tx.query(
      `INSERT INTO outcomes (event_id, tenant, interaction_id, outcome, success, value, occurred_at, recorded_at)
       SELECT r."eventId", r.tenant, r."interactionId", r.outcome, r.success, r.value, r."occurredAt", r."recordedAt"
       FROM jsonb_to_recordset($1::jsonb) AS r("eventId" uuid, tenant text, "interactionId" text, outcome text, success boolean, value double precision,
         "occurredAt" timestamptz, "recordedAt" timestamptz)
       ON CONFLICT DO NOTHING`,
      [json(change.outcomes)],
    );
  }
  for (const u of change.runUpdates) {
    await tx.query(
      `INSERT INTO retrain_runs (tenant, run_id, status, requested, details, updated_at, requested_at) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $6)
       ON CONFLICT (tenant, run_id) DO UPDATE SET status = EXCLUDED.status, requested = COALESCE(retrain_runs.requested, EXCLUDED.requested),
         details = retrain_runs.details || EXCLUDED.details, updated_at = EXCLUDED.updated_at,
         requested_at = LEAST(retrain_runs.requested_at, EXCLUDED.requested_at)`,
      [
        u.tenant,
        u.runId,
        u.status,
        u.requested === null ? null : JSON.stringify(u.requested),
        JSON.stringify(u.details),
        u.recordedAt,
      ],
    );
  }
  if (change.runMetrics.length > 0) {
    await tx.query(
      `INSERT INTO run_metrics (event_id, tenant, run_id, kind, step, metrics, recorded_at)
       SELECT r."eventId", r.tenant, r."runId", r.kind, r.step, r.metrics, r."recordedAt"
       FROM jsonb_to_recordset($1::jsonb) AS r("eventId" uuid, tenant text, "runId" text, kind text, step int, metrics jsonb, "recordedAt" timestamptz)
       ON CONFLICT DO NOTHING`,
      [json(change.runMetrics)],
    );
  }
  if (change.driftMeasurements.length > 0) {
    await tx.query(
      `INSERT INTO drift_measurements (event_id, tenant, policy_id, objectives, objective, surface, since, window_from, value, length_drift,
         locale_mix_drift, trained_on_prompts, deployed_prompts, threshold, measure, run_id, measured_at)
       SELECT r."eventId", r.tenant, r."policyId", ARRAY(SELECT jsonb_array_elements_text(r.objectives)), r.objective, r.surface, r.since,
         r."windowFrom", r.value, r."lengthDrift", r."localeMixDrift", (r.samples ->> 'trainedOn')::integer, (r.samples ->> 'deployed')::integer,
         r.threshold, r.measure, r."runId", r."measuredAt"
       FROM jsonb_to_recordset($1::jsonb) AS r("eventId" uuid, tenant text, "policyId" text, objectives jsonb, objective text, surface text,
         since timestamptz, "windowFrom" timestamptz, value double precision, "lengthDrift" double precision, "localeMixDrift" double precision,
         samples jsonb, threshold double precision, measure text, "runId" text, "measuredAt" timestamptz)
       ON CONFLICT DO NOTHING`,
      [json(change.driftMeasurements)],
    );
  }
  // The trainer's runs and the model registry: the same writer the trainer uses for its own events.
  await writeTrainerRecords(tx, change.trainerRecords);
  for (const e of change.erasures) await erasure.erase(tx, e);
  // Annotation queues: the same code the api applies in the request, so this is a no-op for what it wrote;
  // first the lock of their assignments, which orders a comparison and its assignment applied by two partitions.
  if (change.queues.length > 0) {
    await lockAssignmentsOf(tx, change.queues);
    await applyQueueChanges(tx, change.queues);
  }
  // Records people create and the scheduler's requested runs: the same code the api and the CLI apply after publishing.
  await applyRecordChanges(tx, change.records);
  // Routing decisions, after the interactions and queues of the batch, so their tasks can be made in the same transaction.
  await applyRoutedInteractions(tx, change.routedInteractions, [
    ...new Set([
      ...change.routedInteractions.map((r) => r.tenant),
      ...change.interactions.map((r) => r.tenant),
      ...change.queues.filter((q) => q.kind === 'queue-created').map((q) => q.tenant),
    ]),
  ]);
}
