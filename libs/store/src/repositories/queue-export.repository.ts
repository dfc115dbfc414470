import type { DataSource } from 'typeorm';

/** Times with their microseconds, as ISO-8601 UTC: an exported event must give back the very value the row holds. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface UnexportedQueue {
  readonly tenant: string;
  readonly queueId: string;
  readonly name: string;
  readonly overlap: number;
  readonly counterbalance: boolean;
  readonly taskType: string | null;
  readonly objective: string | null;
  readonly guidelineVersion: string | null;
  readonly createdAt: string;
}

export interface UnexportedTask {
  readonly tenant: string;
  readonly queueId: string;
  readonly taskId: string;
  readonly seq: number;
  readonly prompt: string;
  readonly responses: { id: string; text: string; modelVersion: string }[];
  readonly taskType: string | null;
  readonly createdAt: string;
}

export interface UnexportedAssignment {
  readonly tenant: string;
  readonly queueId: string;
  readonly taskId: string;
  readonly assignmentId: string;
  readonly raterId: string;
  readonly ordinal: number;
  readonly shownOrder: string[];
  /** The task's base order when this assignment (its first) fixed it. */
  readonly baseOrder: string[] | null;
  readonly assignedAt: string;
}

export interface UnexportedCompletion {
  readonly tenant: string;
  readonly queueId: string;
  readonly taskId: string;
  readonly assignmentId: string;
  /** The first comparison the event store holds for the assignment, if any. */
  readonly annotationId: string | null;
  readonly completedAt: string;
}

export interface UnexportedQueueRows {
  readonly queues: readonly UnexportedQueue[];
  readonly tasks: readonly UnexportedTask[];
  readonly assignments: readonly UnexportedAssignment[];
  readonly completions: readonly UnexportedCompletion[];
}

/**
 * Queue rows the event store has no event for: what was written before queues
 * became events (`hindsight queues export-events` publishes them). Found by
 * subject through the `events_subject` index; exact only once the projector
 * has caught up (what it has not stored yet reads as missing).
 */
export class QueueExportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async unexported(tenant: string | null): Promise<UnexportedQueueRows> {
    const missing = (type: string, kind: string, subjectId: string, extra = '') =>
      `NOT EXISTS (SELECT 1 FROM events e WHERE e.tenant = x.tenant AND e.subject_kind = '${kind}' AND e.subject_id = ${subjectId} AND e.type = '${type}' ${extra})`;
    const queues: UnexportedQueue[] = await this.dataSource.query(
      `SELECT x.tenant, x.id AS "queueId", x.name, x.overlap, x.counterbalance, x.task_type AS "taskType", x.objective, x.guideline_version AS "guidelineVersion",
         ${iso('x.created_at')} AS "createdAt"
       FROM annotation_queues x WHERE ($1::text IS NULL OR x.tenant = $1) AND ${missing('queue.created', 'queue', 'x.id')}
       ORDER BY x.tenant, x.id`,
      [tenant],
    );
    const tasks: (Omit<UnexportedTask, 'seq'> & { seq: string })[] = await this.dataSource.query(
      `SELECT x.tenant, x.queue_id AS "queueId", x.task_id AS "taskId", x.seq::text AS seq, x.prompt, x.responses, x.task_type AS "taskType", ${iso('x.created_at')} AS "createdAt"
       FROM queue_tasks x WHERE ($1::text IS NULL OR x.tenant = $1)
         AND ${missing('queue.task-enqueued', 'task', 'x.task_id', "AND e.payload -> 'data' ->> 'queueId' = x.queue_id")}
       ORDER BY x.tenant, x.queue_id, x.seq`,
      [tenant],
    );
    const assignments: UnexportedAssignment[] = await this.dataSource.query(
      `SELECT x.tenant, x.queue_id AS "queueId", x.task_id AS "taskId", x.id AS "assignmentId", x.rater_id AS "raterId", x.ordinal, x.shown_order AS "shownOrder",
         CASE WHEN x.ordinal = 1 THEN t.base_order END AS "baseOrder", ${iso('x.assigned_at')} AS "assignedAt"
       FROM queue_assignments x JOIN queue_tasks t ON t.tenant = x.tenant AND t.queue_id = x.queue_id AND t.task_id = x.task_id
       WHERE ($1::text IS NULL OR x.tenant = $1) AND ${missing('queue.task-assigned', 'task', 'x.task_id', "AND e.payload -> 'data' ->> 'assignmentId' = x.id")}
       ORDER BY x.tenant, x.queue_id, x.assigned_at, x.task_id, x.ordinal`,
      [tenant],
    );
    const completions: UnexportedCompletion[] = await this.dataSource.query(
      `SELECT x.tenant, x.queue_id AS "queueId", x.task_id AS "taskId", x.id AS "assignmentId", ${iso('x.completed_at')} AS "completedAt",
         (SELECT c.id::text FROM events c WHERE c.tenant = x.tenant AND c.subject_kind = 'task' AND c.subject_id = x.task_id AND c.type = 'comparison.recorded'
            AND c.payload -> 'data' ->> 'assignmentId' = x.id ORDER BY c.recorded_at, c.id LIMIT 1) AS "annotationId"
       FROM queue_assignments x
       WHERE ($1::text IS NULL OR x.tenant = $1) AND x.completed_at IS NOT NULL
         AND ${missing('queue.assignment-completed', 'task', 'x.task_id', "AND e.payload -> 'data' ->> 'assignmentId' = x.id")}
       ORDER BY x.tenant, x.queue_id, x.completed_at, x.id`,
      [tenant],
    );
    return { queues, tasks: tasks.map((t) => ({ ...t, seq: Number(t.seq) })), assignments, completions };
  }
}
