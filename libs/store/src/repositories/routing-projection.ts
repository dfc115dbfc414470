import type { EntityManager } from 'typeorm';
import type { RoutedInteractionRow } from '@hindsight/projections';

/*
 * The projection of `routing.interaction-routed`. A decision carries ids only; an
 * annotation task's prompt and two responses are taken from the projected interactions
 * when the queue and both interactions are there. On a replay the deployment topic's
 * partitions and the queues topic are applied in no fixed order across each other, so
 * a decision whose queue or paired interaction is not projected yet stays pending
 * (`task_created` false) and is made by a later batch: every batch tries the pending ones.
 */

/** Writes the decisions (a decision seen again writes nothing) and makes every annotation task that can be made now. */
export async function applyRoutedInteractions(
  tx: EntityManager,
  rows: readonly RoutedInteractionRow[],
  touchedTenants: readonly string[],
): Promise<void> {
  if (rows.length > 0) {
    await tx.query(
      `INSERT INTO routed_interactions (tenant, decision_id, rule_id, rule_revision, interaction_id, action, queue_id,
         paired_interaction_id, unpaired, endpoint, cell, rate, interaction_recorded_at, routed_at)
       SELECT r.tenant, r."decisionId", r."ruleId", r."ruleRevision", r."interactionId", r.action, r."queueId",
         r."pairedInteractionId", r.unpaired, r.endpoint, r.cell, r.rate, r."interactionRecordedAt", r."routedAt"
       FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, "decisionId" text, "ruleId" text, "ruleRevision" int,
         "interactionId" text, action text, "queueId" text, "pairedInteractionId" text, unpaired boolean, endpoint text,
         cell text, rate double precision, "interactionRecordedAt" timestamptz, "routedAt" timestamptz)
       ON CONFLICT (tenant, decision_id) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }
  if (touchedTenants.length === 0) return;
  // Partitions are applied in concurrent transactions: the decision and its paired interaction may be
  // written by two of them, each blind to the other's uncommitted rows. A per-tenant lock held to commit
  // orders them: whichever takes it second sees both (READ COMMITTED: a new snapshot per statement).
  await tx.query(
    "SELECT pg_advisory_xact_lock(hashtext('hindsight-routed-tasks:' || t)) FROM (SELECT DISTINCT unnest($1::text[]) AS t ORDER BY 1) AS s",
    [touchedTenants],
  );
  await makePendingTasks(tx);
}

/**
 * The queue task of each pending annotation decision whose queue and both interactions
 * (not erased) are projected: task id = decision id, the routed response first, its
 * place in the queue the interaction's recorded time in ms (so a rebuild hands them out
 * in the same order). The text is the projected (redacted) interactions' and the task keeps
 * their redaction counts per kind, summed. SKIP LOCKED: partitions applied concurrently do not wait on each other.
 */
async function makePendingTasks(tx: EntityManager): Promise<void> {
  await tx.query(
    `WITH ready AS (
       SELECT r.tenant, r.decision_id, r.queue_id, r.routed_at, r.interaction_recorded_at,
              q.overlap, q.task_type, a.prompt,
              CASE WHEN a.redactions IS NULL AND b.redactions IS NULL THEN NULL ELSE
                (SELECT jsonb_object_agg(k, n) FROM (SELECT k, sum(v::int) AS n FROM (
                   SELECT * FROM jsonb_each_text(COALESCE(a.redactions, '{}'::jsonb))
                   UNION ALL SELECT * FROM jsonb_each_text(COALESCE(b.redactions, '{}'::jsonb))) AS c(k, v) GROUP BY k) AS s) END AS redactions,
              jsonb_build_array(
                jsonb_build_object('id', a.interaction_id, 'text', a.response, 'modelVersion', a.model_version),
                jsonb_build_object('id', b.interaction_id, 'text', b.response, 'modelVersion', b.model_version)) AS responses
       FROM routed_interactions r
       JOIN annotation_queues q ON q.tenant = r.tenant AND q.id = r.queue_id
       JOIN interactions a ON a.tenant = r.tenant AND a.interaction_id = r.interaction_id AND NOT a.erased
       JOIN interactions b ON b.tenant = r.tenant AND b.interaction_id = r.paired_interaction_id AND NOT b.erased
       WHERE r.action = 'annotation-task' AND NOT r.task_created AND NOT r.unpaired
       FOR UPDATE OF r SKIP LOCKED
     ), inserted AS (
       INSERT INTO queue_tasks (tenant, queue_id, task_id, seq, prompt, responses, task_type, overlap, created_at, redactions)
       SELECT tenant, queue_id, decision_id, (extract(epoch FROM interaction_recorded_at) * 1000)::bigint, prompt,
              responses, task_type, overlap, routed_at, redactions
       FROM ready
       ON CONFLICT (tenant, queue_id, task_id) DO NOTHING
     )
     UPDATE routed_interactions r SET task_created = true FROM ready
     WHERE r.tenant = ready.tenant AND r.decision_id = ready.decision_id`,
  );
}

/**
 * The erasure of an interaction (or of each interaction of a user, `$2` then being the
 * user id): the annotation tasks routed from it (as the routed or the paired response)
 * are deleted with their assignments, and the comparisons raters made of them are
 * tombstoned (event store) and blanked (read model), so no later dataset holds them.
 */
export async function eraseRoutedTasks(
  tx: EntityManager,
  tenant: string,
  subjectKind: 'user' | 'interaction',
  subjectId: string,
): Promise<void> {
  const erased =
    subjectKind === 'interaction'
      ? 'SELECT $2::text'
      : 'SELECT interaction_id FROM interactions WHERE tenant = $1 AND user_id = $2';
  const tasks = `SELECT r.decision_id FROM routed_interactions r WHERE r.tenant = $1 AND r.action = 'annotation-task'
                 AND (r.interaction_id IN (${erased}) OR r.paired_interaction_id IN (${erased}))`;
  await tx.query(`DELETE FROM queue_tasks WHERE tenant = $1 AND task_id IN (${tasks})`, [tenant, subjectId]);
  await tx.query(
    `UPDATE events SET payload = jsonb_set(payload, '{data}', jsonb_build_object('erased', true)), erased = true
     WHERE tenant = $1 AND type = 'comparison.recorded' AND NOT erased AND payload -> 'data' ->> 'taskId' IN (${tasks})`,
    [tenant, subjectId],
  );
  await tx.query(
    `UPDATE comparisons SET erased = true, prompt = '', responses = '[]'::jsonb, rubric = '{}'::jsonb, comment = NULL
     WHERE tenant = $1 AND task_id IN (${tasks})`,
    [tenant, subjectId],
  );
}

/**
 * The SQL condition "comparison event `alias` was not made of a task routed from an erased
 * interaction" (`$1` the tenant): dataset builds apply it whatever order a replay projected
 * the erasure, the decision and the comparison in.
 */
export const notOfErasedRoutedTask = (alias: string): string =>
  `NOT EXISTS (SELECT 1 FROM routed_interactions r
     JOIN interactions i ON i.tenant = r.tenant AND i.interaction_id IN (r.interaction_id, r.paired_interaction_id)
     WHERE r.tenant = $1 AND r.decision_id = ${alias}.payload -> 'data' ->> 'taskId' AND i.erased)`;
