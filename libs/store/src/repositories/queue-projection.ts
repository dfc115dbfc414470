import type { EntityManager } from 'typeorm';
import type { QueueChange } from '@hindsight/projections';

type Change<K extends QueueChange['kind']> = Extract<QueueChange, { kind: K }>;

/** What applying queue changes wrote, for the api's claim (an assignment a race kept out must not be announced as served). */
export interface QueueChangesApplied {
  /** Ids of the assignments inserted by this call. */
  readonly assigned: ReadonlySet<string>;
}

/**
 * Writes queue changes, in order, idempotently: the projector applies each
 * event (again) with this code after the api has already applied it in the
 * request, and a replay applies it into an empty schema; both leave the same
 * rows. A change that cannot apply (its queue or task unknown, a slot or rater
 * already taken on the task) writes nothing rather than failing the batch.
 */
export async function applyQueueChanges(
  tx: EntityManager,
  changes: readonly QueueChange[],
): Promise<QueueChangesApplied> {
  const assigned = new Set<string>();
  for (let i = 0; i < changes.length;) {
    const change = changes[i];
    if (change.kind === 'task-enqueued') {
      // Consecutive enqueues (a request's up to 1000 tasks) go in one statement; their order is in `seq`.
      let end = i;
      while (end < changes.length && changes[end].kind === 'task-enqueued') end++;
      await insertTasks(tx, changes.slice(i, end) as Change<'task-enqueued'>[]);
      i = end;
      continue;
    }
    if (change.kind === 'queue-created') await insertQueue(tx, change);
    else if (change.kind === 'task-assigned') {
      if (await insertAssignment(tx, change)) assigned.add(change.assignmentId);
    } else if (change.kind === 'assignment-expired') await expireAssignment(tx, change);
    else if (change.kind === 'assignment-judged') await judgeAssignment(tx, change);
    else await completeAssignment(tx, change);
    i++;
  }
  return { assigned };
}

async function insertQueue(tx: EntityManager, c: Change<'queue-created'>): Promise<void> {
  await tx.query(
    `INSERT INTO annotation_queues (tenant, id, name, overlap, counterbalance, task_type, objective, guideline_version, guidelines, reversal_share, created_at, rubric)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (tenant, id) DO NOTHING`,
    [
      c.tenant,
      c.queueId,
      c.name,
      c.overlap,
      c.counterbalance,
      c.taskType,
      c.objective,
      c.guidelineVersion,
      c.guidelines,
      c.reversalShare,
      c.createdAt,
      c.rubric === null ? null : JSON.stringify(c.rubric),
    ],
  );
}

/**
 * The tasks in one statement, in key order: the api's request and the projector insert the same tasks at once
 * (the projector may apply the events before the request that published them commits), and a retried request
 * may send them in another order; rows inserted in input order would each wait for a row the other holds (a
 * deadlock, a 500 for the request). Of a task twice in `tasks`, the first wins (`n`, the input order), as it
 * does across statements (before, the planner's order decided: its hash join made it the last).
 */
async function insertTasks(tx: EntityManager, tasks: readonly Change<'task-enqueued'>[]): Promise<void> {
  // The task's overlap is its queue's (fixed at creation), copied so the assignments' foreign key can pin it.
  await tx.query(
    `INSERT INTO queue_tasks (tenant, queue_id, task_id, seq, prompt, responses, task_type, overlap, created_at)
     SELECT r.tenant, r."queueId", r."taskId", r.seq, r.prompt, r.responses, r."taskType", q.overlap, r."createdAt"
     FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (tenant text, "queueId" text, "taskId" text, seq bigint, prompt text,
       responses jsonb, "taskType" text, "createdAt" timestamptz))
       WITH ORDINALITY AS r(tenant, "queueId", "taskId", seq, prompt, responses, "taskType", "createdAt", n)
     JOIN annotation_queues q ON q.tenant = r.tenant AND q.id = r."queueId"
     ORDER BY r.tenant, r."queueId", r."taskId", r.n
     ON CONFLICT (tenant, queue_id, task_id) DO NOTHING`,
    [
      JSON.stringify(
        tasks.map(({ tenant, queueId, taskId, seq, prompt, responses, taskType, createdAt }) => ({
          tenant,
          queueId,
          taskId,
          seq,
          prompt,
          responses,
          taskType,
          createdAt,
        })),
      ),
    ],
  );
}

/**
 * True when the assignment was inserted (false: already there, or its slot or rater taken on the task). A
 * comparison of it applied before it (a rebuild applies the annotations topic and the queues topic in no fixed
 * order across each other) completes it as it is inserted: the first judgment's time.
 */
async function insertAssignment(tx: EntityManager, c: Change<'task-assigned'>): Promise<boolean> {
  const inserted: unknown[] = await tx.query(
    `INSERT INTO queue_assignments (id, tenant, queue_id, task_id, rater_id, overlap, ordinal, shown_order, assigned_at, reversal_of, completed_at)
     SELECT $1, t.tenant, t.queue_id, t.task_id, $5, t.overlap, $6, $7::text[], $8, $9,
       (SELECT min(j.judged_at) FROM assignment_judgments j
        WHERE j.tenant = t.tenant AND j.assignment_id = $1 AND j.queue_id = t.queue_id AND j.task_id = t.task_id)
     FROM queue_tasks t WHERE t.tenant = $2 AND t.queue_id = $3 AND t.task_id = $4 AND $6 <= t.overlap
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [c.assignmentId, c.tenant, c.queueId, c.taskId, c.raterId, c.ordinal, c.shownOrder, c.assignedAt, c.reversalOf],
  );
  if (inserted.length === 0) return false;
  // A reversal check takes no slot of the task.
  if (c.reversalOf === null) await recountSlots(tx, c.tenant, c.queueId, c.taskId, c.baseOrder);
  return true;
}

/** `assigned_count` = the task's live slots (not expired, not reversal checks); the base order is fixed once. */
async function recountSlots(
  tx: EntityManager,
  tenant: string,
  queueId: string,
  taskId: string,
  baseOrder: readonly string[] | null,
): Promise<void> {
  await tx.query(
    `UPDATE queue_tasks t SET base_order = COALESCE(t.base_order, $4::text[]),
       assigned_count = (SELECT count(*) FROM queue_assignments a
                         WHERE a.tenant = t.tenant AND a.queue_id = t.queue_id AND a.task_id = t.task_id AND a.reversal_of IS NULL AND a.expired_at IS NULL)
     WHERE t.tenant = $1 AND t.queue_id = $2 AND t.task_id = $3`,
    [tenant, queueId, taskId, baseOrder],
  );
}

/**
 * An assignment whose lease ran out (or that its rater skipped): marked expired, its slot freed. The api
 * expires open assignments only, but a judgment may race an expiry (each checked the assignment open), and
 * the log then holds both: a completion and an expiry are each kept whatever their order (a judged and
 * expired assignment counts as judged and frees its slot), so every order gives the same rows. A completion
 * cannot undo an expiry instead: the freed slot may have gone to another rater since.
 */
async function expireAssignment(tx: EntityManager, c: Change<'assignment-expired'>): Promise<void> {
  const expired: unknown[] = await tx.query(
    `UPDATE queue_assignments SET expired_at = $4
     WHERE tenant = $1 AND queue_id = $2 AND id = $3 AND expired_at IS NULL
     RETURNING id`,
    [c.tenant, c.queueId, c.assignmentId, c.expiredAt],
  );
  if (expired.length > 0) await recountSlots(tx, c.tenant, c.queueId, c.taskId, null);
}

/** The first completion is kept, whatever order completions arrive in. */
async function completeAssignment(tx: EntityManager, c: Change<'assignment-completed'>): Promise<void> {
  await tx.query(
    `UPDATE queue_assignments SET completed_at = $4
     WHERE tenant = $1 AND queue_id = $2 AND id = $3 AND (completed_at IS NULL OR completed_at > $4)`,
    [c.tenant, c.queueId, c.assignmentId, c.completedAt],
  );
}

/**
 * A comparison that names the assignment: kept in `assignment_judgments` (for an assignment not projected yet,
 * which `insertAssignment` completes), and completes the assignment of that queue and task at the comparison's
 * `recordedAt` as `completeAssignment` does, so either of the two may come first. A comparison seen again
 * writes nothing new.
 */
async function judgeAssignment(tx: EntityManager, c: Change<'assignment-judged'>): Promise<void> {
  await tx.query(
    `WITH kept AS (
       INSERT INTO assignment_judgments (tenant, assignment_id, annotation_id, queue_id, task_id, judged_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING
     )
     UPDATE queue_assignments SET completed_at = $6
     WHERE tenant = $1 AND id = $2 AND queue_id = $4 AND task_id = $5 AND (completed_at IS NULL OR completed_at > $6)`,
    [c.tenant, c.assignmentId, c.annotationId, c.queueId, c.taskId, c.judgedAt],
  );
}

/**
 * Takes the projector's lock of every assignment `changes` insert, judge, complete or expire, in one
 * statement, in one order, before any of their rows: the partitions are applied in concurrent transactions,
 * and a comparison and the assignment it names may be applied by two of them, each blind to the other's
 * uncommitted row (it would leave the assignment open). Whichever takes the lock second sees both. Taken for
 * all of a batch's assignments up front, not as each is written, so no transaction waits for a lock while it
 * holds an assignment row another one waits for. The api does not take it: it inserts an assignment before
 * anything can name it, and completes only what it has served.
 */
export async function lockAssignmentsOf(tx: EntityManager, changes: readonly QueueChange[]): Promise<void> {
  const keys: string[] = [];
  for (const c of changes)
    if (c.kind !== 'queue-created' && c.kind !== 'task-enqueued') keys.push(`${c.tenant}/${c.assignmentId}`);
  if (keys.length === 0) return;
  await tx.query(
    "SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtext('hindsight-assignment:' || x) AS k FROM unnest($1::text[]) AS x ORDER BY 1) AS s",
    [keys],
  );
}
