import type { DataSource, EntityManager } from 'typeorm';

export interface QueueRow {
  readonly tenant: string;
  readonly id: string;
  readonly name: string;
  readonly overlap: number;
  readonly counterbalance: boolean;
  readonly taskType: string | null;
  readonly objective: string | null;
  readonly guidelineVersion: string | null;
  readonly createdAt: Date;
}

export interface QueueTaskResponse {
  readonly id: string;
  readonly text: string;
  readonly modelVersion: string;
}

export interface NewQueueTask {
  readonly taskId: string;
  readonly prompt: string;
  readonly responses: readonly QueueTaskResponse[];
  readonly taskType: string | null;
}

/** The task the assigner locked for a rater, and the slot (1..overlap) the rater takes. */
export interface AssignmentCandidate {
  readonly taskId: string;
  readonly prompt: string;
  readonly responses: readonly QueueTaskResponse[];
  readonly taskType: string | null;
  /** 1 for the task's first rater, 2 for the second, … */
  readonly ordinal: number;
  /** The order fixed for the task by its first assignment (counterbalanced queues), if any. */
  readonly baseOrder: readonly string[] | null;
}

/** What the caller decided for the candidate: the assignment's id and the order to show. */
export interface AssignmentDecision {
  readonly id: string;
  readonly shownOrder: readonly string[];
  /** Stored on the task for the raters after this one (null keeps whatever is stored). */
  readonly baseOrder: readonly string[] | null;
}

export interface AssignmentRow {
  readonly id: string;
  readonly tenant: string;
  readonly queueId: string;
  readonly taskId: string;
  readonly raterId: string;
  readonly ordinal: number;
  readonly shownOrder: readonly string[];
  readonly assignedAt: Date;
  readonly completedAt: Date | null;
}

interface RawQueue {
  tenant: string;
  id: string;
  name: string;
  overlap: number;
  counterbalance: boolean;
  task_type: string | null;
  objective: string | null;
  guideline_version: string | null;
  created_at: Date;
}

interface RawCandidate {
  task_id: string;
  prompt: string;
  responses: QueueTaskResponse[];
  task_type: string | null;
  assigned_count: number;
  base_order: string[] | null;
}

interface RawAssignment {
  id: string;
  tenant: string;
  queue_id: string;
  task_id: string;
  rater_id: string;
  ordinal: number;
  shown_order: string[];
  assigned_at: Date;
  completed_at: Date | null;
}

const queueColumns = 'tenant, id, name, overlap, counterbalance, task_type, objective, guideline_version, created_at';
const assignmentColumns = 'id, tenant, queue_id, task_id, rater_id, ordinal, shown_order, assigned_at, completed_at';

const toQueue = (r: RawQueue): QueueRow => ({
  tenant: r.tenant,
  id: r.id,
  name: r.name,
  overlap: r.overlap,
  counterbalance: r.counterbalance,
  taskType: r.task_type,
  objective: r.objective,
  guidelineVersion: r.guideline_version,
  createdAt: r.created_at,
});

const toAssignment = (r: RawAssignment): AssignmentRow => ({
  id: r.id,
  tenant: r.tenant,
  queueId: r.queue_id,
  taskId: r.task_id,
  raterId: r.rater_id,
  ordinal: r.ordinal,
  shownOrder: r.shown_order,
  assignedAt: r.assigned_at,
  completedAt: r.completed_at,
});

/**
 * The next open task of a queue for a rater: oldest first, with a free slot
 * (`assigned_count < overlap`) and not yet assigned to this rater. Locked FOR
 * UPDATE so the slot count cannot move under the caller.
 */
const nextTaskSql = (lock: 'FOR UPDATE SKIP LOCKED' | 'FOR UPDATE') => `
  SELECT t.task_id, t.prompt, t.responses, t.task_type, t.assigned_count, t.base_order
  FROM queue_tasks t
  WHERE t.tenant = $1 AND t.queue_id = $2 AND t.assigned_count < t.overlap
    AND NOT EXISTS (
      SELECT 1 FROM queue_assignments a
      WHERE a.tenant = t.tenant AND a.queue_id = t.queue_id AND a.task_id = t.task_id AND a.rater_id = $3)
  ORDER BY t.seq
  LIMIT 1
  ${lock}`;

/** How often assignNext retries after losing a race the constraints caught. */
const MAX_ASSIGN_ATTEMPTS = 5;

function isRetryable(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e.code ?? e.driverError?.code;
  return code === '23505' /* unique_violation */ || code === '40P01' /* deadlock_detected */ || code === '40001';
}

/** Annotation queues and their comparison tasks. */
export class QueueRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the queue; undefined when the tenant already has a queue with that id. */
  async insertQueue(queue: Omit<QueueRow, 'createdAt'>): Promise<QueueRow | undefined> {
    const rows: RawQueue[] = await this.dataSource.query(
      `INSERT INTO annotation_queues (tenant, id, name, overlap, counterbalance, task_type, objective, guideline_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant, id) DO NOTHING
       RETURNING ${queueColumns}`,
      [queue.tenant, queue.id, queue.name, queue.overlap, queue.counterbalance, queue.taskType, queue.objective, queue.guidelineVersion],
    );
    return rows[0] ? toQueue(rows[0]) : undefined;
  }

  async findQueue(tenant: string, id: string): Promise<QueueRow | undefined> {
    const rows: RawQueue[] = await this.dataSource.query(`SELECT ${queueColumns} FROM annotation_queues WHERE tenant = $1 AND id = $2`, [tenant, id]);
    return rows[0] ? toQueue(rows[0]) : undefined;
  }

  /**
   * Inserts the tasks in one statement, in the order given; a task id already in
   * the queue is skipped. Returns the ids that were inserted.
   */
  async insertTasks(queue: Pick<QueueRow, 'tenant' | 'id' | 'overlap'>, tasks: readonly NewQueueTask[]): Promise<Set<string>> {
    if (tasks.length === 0) return new Set();
    const rows: { task_id: string }[] = await this.dataSource.query(
      `INSERT INTO queue_tasks (tenant, queue_id, task_id, prompt, responses, task_type, overlap)
       SELECT $1, $2, r.task_id, r.prompt, r.responses, r.task_type, $3
       FROM jsonb_to_recordset($4::jsonb) AS r(ord integer, task_id text, prompt text, responses jsonb, task_type text)
       ORDER BY r.ord
       ON CONFLICT (tenant, queue_id, task_id) DO NOTHING
       RETURNING task_id`,
      [
        queue.tenant,
        queue.id,
        queue.overlap,
        JSON.stringify(tasks.map((t, ord) => ({ ord, task_id: t.taskId, prompt: t.prompt, responses: t.responses, task_type: t.taskType }))),
      ],
    );
    return new Set(rows.map((r) => r.task_id));
  }
}

/**
 * Assignments of queue tasks to raters. Safe under concurrent requests: the
 * task row is locked while its slot is taken, and the table's constraints
 * (one assignment per task and rater, ordinals 1..overlap unique per task)
 * reject whatever a race could still produce; such a loser retries.
 */
export class QueueAssignmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes the next free slot of the queue for the rater and records the
   * assignment `decide` returns for it; undefined when no task is left for the
   * rater. Locked rows are skipped first (so concurrent raters spread over
   * tasks); only when every open task is locked does it wait for one, so "none
   * left" is never answered just because another request held the last task.
   */
  async assignNext(
    tenant: string,
    queueId: string,
    raterId: string,
    decide: (candidate: AssignmentCandidate) => AssignmentDecision,
  ): Promise<{ candidate: AssignmentCandidate; assignment: AssignmentRow } | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) => this.assignOnce(manager, tenant, queueId, raterId, decide));
      } catch (error) {
        if (attempt >= MAX_ASSIGN_ATTEMPTS || !isRetryable(error)) throw error;
      }
    }
  }

  private async assignOnce(
    manager: EntityManager,
    tenant: string,
    queueId: string,
    raterId: string,
    decide: (candidate: AssignmentCandidate) => AssignmentDecision,
  ): Promise<{ candidate: AssignmentCandidate; assignment: AssignmentRow } | undefined> {
    const params = [tenant, queueId, raterId];
    let row: RawCandidate | undefined;
    while (row === undefined) {
      let rows: RawCandidate[] = await manager.query(nextTaskSql('FOR UPDATE SKIP LOCKED'), params);
      if (rows.length === 0) rows = await manager.query(nextTaskSql('FOR UPDATE'), params);
      if (rows.length === 0) return undefined;
      // A lock may have been granted after a request of the same rater took this
      // task (its re-check of the locked row does not re-read the assignments):
      // look again with a fresh snapshot, and if so scan again, which now skips it.
      const mine: unknown[] = await manager.query(
        'SELECT 1 FROM queue_assignments WHERE tenant = $1 AND queue_id = $2 AND task_id = $4 AND rater_id = $3',
        [...params, rows[0].task_id],
      );
      if (mine.length === 0) row = rows[0];
    }
    const candidate: AssignmentCandidate = {
      taskId: row.task_id,
      prompt: row.prompt,
      responses: row.responses,
      taskType: row.task_type,
      ordinal: row.assigned_count + 1,
      baseOrder: row.base_order,
    };
    const decision = decide(candidate);
    await manager.query(
      `UPDATE queue_tasks SET assigned_count = $4, base_order = COALESCE($5::text[], base_order)
       WHERE tenant = $1 AND queue_id = $2 AND task_id = $3`,
      [tenant, queueId, candidate.taskId, candidate.ordinal, decision.baseOrder],
    );
    const inserted: RawAssignment[] = await manager.query(
      `INSERT INTO queue_assignments (id, tenant, queue_id, task_id, rater_id, overlap, ordinal, shown_order)
       SELECT $1, t.tenant, t.queue_id, t.task_id, $5, t.overlap, $6, $7::text[]
       FROM queue_tasks t WHERE t.tenant = $2 AND t.queue_id = $3 AND t.task_id = $4
       RETURNING ${assignmentColumns}`,
      [decision.id, tenant, queueId, candidate.taskId, raterId, candidate.ordinal, decision.shownOrder],
    );
    return { candidate, assignment: toAssignment(inserted[0]) };
  }

  /** The tenant's assignments among `ids` (others' and unknown ids are simply absent). */
  async findByIds(tenant: string, ids: readonly string[]): Promise<AssignmentRow[]> {
    if (ids.length === 0) return [];
    const rows: RawAssignment[] = await this.dataSource.query(
      `SELECT ${assignmentColumns} FROM queue_assignments WHERE tenant = $1 AND id = ANY($2::text[])`,
      [tenant, [...new Set(ids)]],
    );
    return rows.map(toAssignment);
  }

  /** All assignments of a queue, oldest first (for progress views and tests). */
  async listByQueue(tenant: string, queueId: string): Promise<AssignmentRow[]> {
    const rows: RawAssignment[] = await this.dataSource.query(
      `SELECT ${assignmentColumns} FROM queue_assignments WHERE tenant = $1 AND queue_id = $2 ORDER BY assigned_at, task_id, ordinal`,
      [tenant, queueId],
    );
    return rows.map(toAssignment);
  }

  /** Marks the assignments completed (the first completion time is kept). */
  async markCompleted(tenant: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      'UPDATE queue_assignments SET completed_at = now() WHERE tenant = $1 AND id = ANY($2::text[]) AND completed_at IS NULL',
      [tenant, [...new Set(ids)]],
    );
  }
}
