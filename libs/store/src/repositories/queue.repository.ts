import type { DataSource, EntityManager } from 'typeorm';
import type { QueueRubricDimension } from '@hindsight/contracts';
import type { QueueChange } from '@hindsight/projections';
import { applyQueueChanges } from './queue-projection';

export interface QueueRow {
  readonly tenant: string;
  readonly id: string;
  readonly name: string;
  readonly overlap: number;
  readonly counterbalance: boolean;
  readonly taskType: string | null;
  readonly objective: string | null;
  readonly guidelineVersion: string | null;
  readonly guidelines: string | null;
  /** The queue's own share of reversal checks; null: the platform's (QUEUE_REVERSAL_SHARE). */
  readonly reversalShare: number | null;
  /** The rubric dimensions comparisons of this queue are scored on; empty for none. */
  readonly rubric: readonly QueueRubricDimension[];
  readonly createdAt: Date;
}

export interface QueueTaskResponse {
  readonly id: string;
  readonly text: string;
  readonly modelVersion: string;
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

/**
 * What the caller makes of the candidate: the assignment, as the change its
 * `queue.task-assigned` event makes (so the claim writes exactly what the
 * projector will), and how to announce it. The claim commits only once
 * `announce` resolved (Kafka acknowledged the event); if it throws, nothing stays.
 */
export interface AssignmentClaim {
  readonly change: Extract<QueueChange, { kind: 'task-assigned' }>;
  readonly announce: () => Promise<void>;
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
  readonly expiredAt: Date | null;
  /** The assignment this one serves reversed (a reversal check); null for a regular one. */
  readonly reversalOf: string | null;
}

/** An assignment with its task's content, to serve it again. */
export interface ServedAssignmentRow extends AssignmentRow {
  readonly prompt: string;
  readonly responses: readonly QueueTaskResponse[];
  readonly taskType: string | null;
}

/** How far a rater is through a queue: the tasks they judged, of all the queue holds. */
export interface RaterProgress {
  readonly completed: number;
  readonly total: number;
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
  guidelines: string | null;
  reversal_share: number | null;
  created_at: Date;
  rubric: QueueRubricDimension[] | null;
}

interface RawCandidate {
  task_id: string;
  prompt: string;
  responses: QueueTaskResponse[];
  task_type: string | null;
  free_ordinal: number;
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
  expired_at: Date | null;
  reversal_of: string | null;
}

const queueColumns =
  'tenant, id, name, overlap, counterbalance, task_type, objective, guideline_version, guidelines, reversal_share, created_at, rubric';
const assignmentColumns =
  'id, tenant, queue_id, task_id, rater_id, ordinal, shown_order, assigned_at, completed_at, expired_at, reversal_of';

const toQueue = (r: RawQueue): QueueRow => ({
  tenant: r.tenant,
  id: r.id,
  name: r.name,
  overlap: r.overlap,
  counterbalance: r.counterbalance,
  taskType: r.task_type,
  objective: r.objective,
  guidelineVersion: r.guideline_version,
  guidelines: r.guidelines,
  reversalShare: r.reversal_share,
  rubric: r.rubric ?? [],
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
  expiredAt: r.expired_at,
  reversalOf: r.reversal_of,
});

/**
 * The next open task of a queue for a rater: oldest first, with a free slot
 * (`assigned_count < overlap`: live assignments, expired ones freed theirs) and
 * never assigned to this rater; with the lowest free slot ordinal (an expired
 * assignment's slot is taken again, with its response order). Locked FOR
 * UPDATE so the slot count cannot move under the caller.
 */
const nextTaskSql = (lock: 'FOR UPDATE SKIP LOCKED' | 'FOR UPDATE') => `
  SELECT t.task_id, t.prompt, t.responses, t.task_type, t.base_order,
    (SELECT min(o)::int FROM generate_series(1, t.overlap) AS o
     WHERE NOT EXISTS (SELECT 1 FROM queue_assignments s
       WHERE s.tenant = t.tenant AND s.queue_id = t.queue_id AND s.task_id = t.task_id AND s.ordinal = o
         AND s.reversal_of IS NULL AND s.expired_at IS NULL)) AS free_ordinal
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

/** The claim's rows were kept out by a constraint a concurrent request got to first (nothing was announced). */
class AssignmentRaceLost extends Error {}

function isRetryable(error: unknown): boolean {
  if (error instanceof AssignmentRaceLost) return true;
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e.code ?? e.driverError?.code;
  return code === '23505' /* unique_violation */ || code === '40P01' /* deadlock_detected */ || code === '40001';
}

/** Annotation queues and their comparison tasks. */
export class QueueRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findQueue(tenant: string, id: string): Promise<QueueRow | undefined> {
    const rows: RawQueue[] = await this.dataSource.query(
      `SELECT ${queueColumns} FROM annotation_queues WHERE tenant = $1 AND id = $2`,
      [tenant, id],
    );
    return rows[0] ? toQueue(rows[0]) : undefined;
  }

  /**
   * Runs `work` in a transaction that holds the queue id's lock: creating a
   * queue and enqueueing into it take it, so a conflict check, the event it
   * lets through and the rows written are one step (two requests for the same
   * id cannot both pass the check, and `seq` is handed out once). Assigning
   * does not take it.
   */
  async withQueueLock<T>(tenant: string, queueId: string, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(
        "SELECT pg_advisory_xact_lock(hashtextextended('hindsight-queue' || chr(1) || $1 || chr(1) || $2, 0))",
        [tenant, queueId],
      );
      return work(tx);
    });
  }

  async queueExists(tx: EntityManager, tenant: string, id: string): Promise<boolean> {
    const rows: unknown[] = await tx.query('SELECT 1 FROM annotation_queues WHERE tenant = $1 AND id = $2', [
      tenant,
      id,
    ]);
    return rows.length > 0;
  }

  /** Which of `taskIds` the queue already holds, and the highest `seq` in it (0 for none). */
  async tasksPresent(
    tx: EntityManager,
    tenant: string,
    queueId: string,
    taskIds: readonly string[],
  ): Promise<{ present: Set<string>; maxSeq: number }> {
    const present: { task_id: string }[] = await tx.query(
      'SELECT task_id FROM queue_tasks WHERE tenant = $1 AND queue_id = $2 AND task_id = ANY($3::text[])',
      [tenant, queueId, [...taskIds]],
    );
    const [{ max }]: { max: string | null }[] = await tx.query(
      'SELECT max(seq)::text AS max FROM queue_tasks WHERE tenant = $1 AND queue_id = $2',
      [tenant, queueId],
    );
    return { present: new Set(present.map((r) => r.task_id)), maxSeq: max === null ? 0 : Number(max) };
  }

  /** Writes queue changes with the projector's own code (once their events were acknowledged), in `tx` if given. */
  async apply(changes: readonly QueueChange[], tx: EntityManager = this.dataSource.manager): Promise<void> {
    await applyQueueChanges(tx, changes);
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
   * Takes the next free slot of the queue for the rater, writes the assignment
   * `claim` makes of it and has it announced, all under the task's row lock;
   * undefined when no task is left for the rater. Locked rows are skipped first
   * (so concurrent raters spread over tasks); only when every open task is
   * locked does it wait for one, so "none left" is never answered just because
   * another request held the last task. The lock is held until the announcement
   * was acknowledged, so one task's slots reach Kafka in ordinal order and a
   * failed announcement leaves the slot free.
   */
  async assignNext(
    tenant: string,
    queueId: string,
    raterId: string,
    claim: (candidate: AssignmentCandidate) => AssignmentClaim,
  ): Promise<{ candidate: AssignmentCandidate; assignment: AssignmentRow } | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) =>
          this.assignOnce(manager, tenant, queueId, raterId, claim),
        );
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
    claim: (candidate: AssignmentCandidate) => AssignmentClaim,
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
      ordinal: row.free_ordinal,
      baseOrder: row.base_order,
    };
    const { change, announce } = claim(candidate);
    if (
      change.tenant !== tenant ||
      change.queueId !== queueId ||
      change.taskId !== candidate.taskId ||
      change.raterId !== raterId ||
      change.ordinal !== candidate.ordinal
    ) {
      throw new Error(
        `assignNext: the claim for task ${candidate.taskId} slot ${candidate.ordinal} names another queue, task, rater or slot`,
      );
    }
    // Written before it is announced: a constraint that refuses it must stop the event, not follow it.
    const { assigned } = await applyQueueChanges(manager, [change]);
    if (!assigned.has(change.assignmentId))
      throw new AssignmentRaceLost(`assignment ${change.assignmentId} lost its slot to a concurrent request`);
    await announce();
    const assignment: AssignmentRow = {
      id: change.assignmentId,
      tenant,
      queueId,
      taskId: change.taskId,
      raterId,
      ordinal: change.ordinal,
      shownOrder: change.shownOrder,
      assignedAt: new Date(change.assignedAt),
      completedAt: null,
      expiredAt: null,
      reversalOf: null,
    };
    return { candidate, assignment };
  }

  /** The rater's open (not judged, not expired) assignment in the queue with its task, oldest first; undefined when none. */
  async findOpen(tenant: string, queueId: string, raterId: string): Promise<ServedAssignmentRow | undefined> {
    const rows: (RawAssignment & { prompt: string; responses: QueueTaskResponse[]; task_type: string | null })[] =
      await this.dataSource.query(
        `SELECT ${assignmentColumns
          .split(', ')
          .map((c) => `a.${c}`)
          .join(', ')}, t.prompt, t.responses, t.task_type
       FROM queue_assignments a JOIN queue_tasks t ON t.tenant = a.tenant AND t.queue_id = a.queue_id AND t.task_id = a.task_id
       WHERE a.tenant = $1 AND a.queue_id = $2 AND a.rater_id = $3 AND a.completed_at IS NULL AND a.expired_at IS NULL
       ORDER BY a.assigned_at, a.id LIMIT 1`,
        [tenant, queueId, raterId],
      );
    return rows[0]
      ? { ...toAssignment(rows[0]), prompt: rows[0].prompt, responses: rows[0].responses, taskType: rows[0].task_type }
      : undefined;
  }

  /** One assignment of the tenant with its task's content; undefined when the tenant has none of that id. */
  async findServed(tenant: string, assignmentId: string): Promise<ServedAssignmentRow | undefined> {
    const rows: (RawAssignment & { prompt: string; responses: QueueTaskResponse[]; task_type: string | null })[] =
      await this.dataSource.query(
        `SELECT ${assignmentColumns
          .split(', ')
          .map((c) => `a.${c}`)
          .join(', ')}, t.prompt, t.responses, t.task_type
       FROM queue_assignments a JOIN queue_tasks t ON t.tenant = a.tenant AND t.queue_id = a.queue_id AND t.task_id = a.task_id
       WHERE a.tenant = $1 AND a.id = $2`,
        [tenant, assignmentId],
      );
    return rows[0]
      ? { ...toAssignment(rows[0]), prompt: rows[0].prompt, responses: rows[0].responses, taskType: rows[0].task_type }
      : undefined;
  }

  /** Open assignments of the queue handed out before `cutoff` (their lease ran out). */
  async findOverdue(tenant: string, queueId: string, cutoff: Date): Promise<AssignmentRow[]> {
    const rows: RawAssignment[] = await this.dataSource.query(
      `SELECT ${assignmentColumns} FROM queue_assignments
       WHERE tenant = $1 AND queue_id = $2 AND completed_at IS NULL AND expired_at IS NULL AND assigned_at < $3
       ORDER BY assigned_at LIMIT 500`,
      [tenant, queueId, cutoff],
    );
    return rows.map(toAssignment);
  }

  /** The rater's judged regular assignments of the queue that have no reversal check yet, latest judged first. */
  async findUnreversed(tenant: string, queueId: string, raterId: string): Promise<AssignmentRow[]> {
    const rows: RawAssignment[] = await this.dataSource.query(
      `SELECT ${assignmentColumns} FROM queue_assignments a
       WHERE a.tenant = $1 AND a.queue_id = $2 AND a.rater_id = $3 AND a.completed_at IS NOT NULL AND a.reversal_of IS NULL
         AND NOT EXISTS (SELECT 1 FROM queue_assignments r WHERE r.tenant = a.tenant AND r.reversal_of = a.id)
       ORDER BY a.completed_at DESC, a.id LIMIT 1000`,
      [tenant, queueId, raterId],
    );
    return rows.map(toAssignment);
  }

  /** Writes a reversal check (`change.reversalOf` set) and has it announced, in one transaction; false when one exists already. */
  async assignReversal(claim: AssignmentClaim): Promise<boolean> {
    if (claim.change.reversalOf === null) throw new Error('assignReversal: the change is no reversal check');
    return this.dataSource.transaction(async (manager) => {
      const { assigned } = await applyQueueChanges(manager, [claim.change]);
      if (!assigned.has(claim.change.assignmentId)) return false;
      await claim.announce();
      return true;
    });
  }

  /** Tasks the rater judged in the queue (reversal checks not counted), of the queue's tasks. */
  async progress(tenant: string, queueId: string, raterId: string): Promise<RaterProgress> {
    const [row]: { completed: number; total: number }[] = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM queue_assignments WHERE tenant = $1 AND queue_id = $2 AND rater_id = $3 AND completed_at IS NOT NULL AND reversal_of IS NULL) AS completed,
              (SELECT count(*)::int FROM queue_tasks WHERE tenant = $1 AND queue_id = $2) AS total`,
      [tenant, queueId, raterId],
    );
    return { completed: row.completed, total: row.total };
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
}
