import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import type { PlatformConfig } from '@hindsight/config';
import {
  ConflictError,
  formatUuidV7,
  HindsightError,
  NotFoundError,
  ValidationError,
  type FieldIssue,
  type QueueCreated,
  type QueueRubricDimension,
} from '@hindsight/contracts';
import { planQueueChange } from '@hindsight/projections';
import { PLATFORM_CONFIG } from '@hindsight/runtime';
import {
  QueueAssignmentRepository,
  QueueRepository,
  type AssignmentRow,
  type QueueRow,
  type QueueTaskResponse,
  type RaterProgress,
} from '@hindsight/store';
import { Clock } from '@hindsight/contracts';
import { withFieldsAsSent } from '../ingestion/fields-as-sent';
import { IngestionService, type AcceptedEvent } from '../ingestion/ingestion.service';
import {
  parseCreateQueue,
  parseEnqueueEnvelope,
  parseJudgment,
  parseNextTaskQuery,
  parseQueueTask,
  type QueueTaskInput,
} from './queue-input';
import { reversedOrder, selectedForReversal } from './reversal-selection';
import { checkSubmission, FINISHED_ASSIGNMENT_RULE } from './submission-check';
import { QueueEvents } from './queue-events';
import { RandomSource } from './random-source';
import { servedOrder } from './served-order';

/** A queue as the api answers it. */
export interface QueueView {
  readonly id: string;
  readonly name: string;
  readonly overlap: number;
  readonly counterbalance: boolean;
  readonly taskType: string | null;
  readonly objective: string | null;
  readonly guidelineVersion: string | null;
  readonly guidelines: string | null;
  readonly reversalShare: number | null;
  readonly rubric: readonly QueueRubricDimension[];
  readonly createdAt: string;
}

export type TaskResult =
  | { readonly index: number; readonly status: 'accepted'; readonly taskId: string }
  | { readonly index: number; readonly status: 'rejected'; readonly issues: readonly FieldIssue[] };

export interface EnqueueResult {
  readonly queueId: string;
  readonly accepted: number;
  readonly rejected: number;
  readonly results: readonly TaskResult[];
}

/** One task handed to one rater, its responses in the order to show them. */
export interface NextTask {
  readonly assignmentId: string;
  readonly queueId: string;
  readonly taskId: string;
  readonly taskType: string | null;
  readonly objective: string | null;
  readonly guidelineVersion: string | null;
  readonly prompt: string;
  readonly responses: readonly QueueTaskResponse[];
  readonly shownOrder: readonly string[];
  /** The queue's guidelines text (its version is guidelineVersion), if it has one. */
  readonly guidelines: string | null;
  /** The queue's rubric dimensions to score (empty for none). */
  readonly rubric: readonly QueueRubricDimension[];
  /** Set on a reversal check: the rater's earlier assignment of this task, served then in the reverse order. */
  readonly reversalOf: string | null;
  readonly assignedAt: string;
  /** When the lease runs out: then the assignment expires and its slot goes to another rater. */
  readonly expiresAt: string;
  /** Tasks of the queue this rater judged, of all its tasks. */
  readonly progress: RaterProgress;
}

/** Fallbacks of a judgment on a queue that does not set them. */
const DEFAULT_TASK_TYPE = 'general';
const DEFAULT_OBJECTIVE = 'helpfulness';
const UNVERSIONED_GUIDELINES = 'unversioned';

/**
 * The rater a request acts for: a rater key's own (naming another is refused),
 * or the one an ingest key names in `field`.
 */
function raterOf(principal: Principal, named: string | undefined, field: string): string {
  if (principal.scopes.includes('rater')) {
    if (principal.raterId === null)
      throw new HindsightError('forbidden', 'this rater key has no rater id (its name)', [
        { path: 'authorization', rule: 'a rater key is named with its rater id' },
      ]);
    if (named !== undefined && named !== principal.raterId)
      throw new HindsightError('forbidden', 'a rater key acts for its own rater only', [
        { path: field, rule: "must be absent or the key's own rater id" },
      ]);
    return principal.raterId;
  }
  if (named === undefined)
    throw new ValidationError([{ path: field, rule: 'required: the rater id (a rater key needs none)' }]);
  return named;
}

const queueView = (event: QueueCreated): QueueView => ({
  id: event.data.queueId,
  name: event.data.name,
  overlap: event.data.overlap,
  counterbalance: event.data.counterbalance,
  taskType: event.data.taskType ?? null,
  objective: event.data.objective ?? null,
  guidelineVersion: event.data.guidelineVersion ?? null,
  guidelines: event.data.guidelines ?? null,
  reversalShare: event.data.reversalShare ?? null,
  rubric: event.data.rubric ?? [],
  createdAt: event.recordedAt,
});

/**
 * Annotation queues: create a queue, enqueue comparison tasks, hand a rater the
 * next task with its response order. Every lookup is by the caller's tenant, so
 * another tenant's queue reads as not found. Each change is an event on the
 * queues topic first: the rows are written, with the projector's code, only
 * once Kafka acknowledged it (and inside the transaction that checked for
 * conflicts, so a failed publish leaves nothing behind).
 */
@Injectable()
export class QueuesService {
  constructor(
    private readonly queues: QueueRepository,
    private readonly assignments: QueueAssignmentRepository,
    private readonly random: RandomSource,
    private readonly clock: Clock,
    private readonly events: QueueEvents,
    private readonly ingestion: IngestionService,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async create(principal: Principal, body: unknown): Promise<QueueView> {
    const input = parseCreateQueue(body);
    const tenant = principal.tenant;
    const id = input.id ?? this.newId();
    const created = await this.queues.withQueueLock(tenant, id, async (tx) => {
      if (await this.queues.queueExists(tx, tenant, id))
        throw new ConflictError(`queue ${id} already exists`, [{ path: 'id', rule: 'already exists' }]);
      const event = this.events.record(tenant, 'queue.created', {
        queueId: id,
        name: input.name,
        overlap: input.overlap,
        counterbalance: input.counterbalance,
        ...(input.taskType !== undefined && { taskType: input.taskType }),
        ...(input.objective !== undefined && { objective: input.objective }),
        ...(input.guidelineVersion !== undefined && { guidelineVersion: input.guidelineVersion }),
        ...(input.guidelines !== undefined && { guidelines: input.guidelines }),
        ...(input.reversalShare !== undefined && { reversalShare: input.reversalShare }),
        ...(input.rubric !== undefined && input.rubric.length > 0 && { rubric: input.rubric }),
      });
      await this.events.publish([event]);
      await this.queues.apply([planQueueChange(event)], tx);
      return event;
    });
    return queueView(created);
  }

  async enqueue(principal: Principal, body: unknown): Promise<EnqueueResult> {
    const { queueId, tasks } = parseEnqueueEnvelope(body);
    const queue = await this.requireQueue(principal.tenant, queueId);
    const results: TaskResult[] = [];
    const valid: { index: number; task: QueueTaskInput }[] = [];
    const firstIndex = new Map<string, number>();
    tasks.forEach((item, index) => {
      const parsed = parseQueueTask(item, index);
      if ('issues' in parsed) return results.push({ index, status: 'rejected', issues: parsed.issues });
      const first = firstIndex.get(parsed.task.taskId);
      if (first !== undefined)
        return results.push({
          index,
          status: 'rejected',
          issues: [{ path: `tasks[${index}].taskId`, rule: `duplicate of tasks[${first}].taskId in this request` }],
        });
      firstIndex.set(parsed.task.taskId, index);
      valid.push({ index, task: parsed.task });
    });
    if (valid.length > 0) {
      await this.queues.withQueueLock(queue.tenant, queue.id, async (tx) => {
        const { present, maxSeq } = await this.queues.tasksPresent(
          tx,
          queue.tenant,
          queue.id,
          valid.map((v) => v.task.taskId),
        );
        const fresh = valid.filter(({ task }) => !present.has(task.taskId));
        const events = fresh.map(({ task }, i) =>
          this.events.record(queue.tenant, 'queue.task-enqueued', {
            queueId: queue.id,
            taskId: task.taskId,
            seq: maxSeq + 1 + i,
            prompt: task.prompt,
            responses: task.responses,
            ...(task.taskType !== undefined && { taskType: task.taskType }),
          }),
        );
        await this.events.publish(events);
        await this.queues.apply(events.map(planQueueChange), tx);
        for (const { index, task } of valid) {
          results.push(
            present.has(task.taskId)
              ? {
                  index,
                  status: 'rejected',
                  issues: [{ path: `tasks[${index}].taskId`, rule: `already in queue ${queue.id}` }],
                }
              : { index, status: 'accepted', taskId: task.taskId },
          );
        }
      });
    }
    results.sort((a, b) => a.index - b.index);
    const accepted = results.filter((r) => r.status === 'accepted').length;
    return { queueId: queue.id, accepted, rejected: results.length - accepted, results };
  }

  /**
   * The next task for the rater, or undefined when the queue has nothing left
   * for them. In order: assignments whose lease ran out are expired (their
   * slots return to the pool); a rater who still holds an open assignment gets
   * it back; a judged task picked for a reversal check comes back reversed
   * (not the one just judged, while other tasks remain); else the oldest task
   * with a free slot. A rater key asks for itself; other keys name the rater.
   */
  async next(principal: Principal, query: unknown): Promise<NextTask | undefined> {
    const { queue: queueId, rater: named } = parseNextTaskQuery(query);
    const rater = raterOf(principal, named, 'rater');
    const queue = await this.requireQueue(principal.tenant, queueId);
    await this.expireOverdue(queue);
    const open = await this.assignments.findOpen(queue.tenant, queue.id, rater);
    if (open) return this.served(queue, open, open);
    const unreversed = await this.reversalCandidates(queue, rater);
    const reversal = await this.assignReversal(queue, unreversed.slice(1));
    if (reversal) return reversal;
    const fresh = await this.assignFresh(queue, rater);
    if (fresh) return fresh;
    return this.assignReversal(queue, unreversed.slice(0, 1));
  }

  /**
   * Records a rater's judgment of an assignment as `comparison.recorded`,
   * through ingestion (the same validation and sealing as POST /v1/events): the
   * task, the order served, the queue's objective and guideline version come
   * from the assignment. 404 for an assignment that is not the rater's, 409 once judged or expired — except a retry
   * of the judgment that judged it (the same body), answered 202 with the first answer.
   */
  async judge(principal: Principal, assignmentId: string, body: unknown): Promise<AcceptedEvent> {
    const input = parseJudgment(body);
    const served = await this.assignments.findServed(principal.tenant, assignmentId);
    const rater = raterOf(principal, input.raterId, 'raterId');
    if (!served || served.raterId !== rater) throw new NotFoundError('assignment', assignmentId);
    // An expired assignment is refused here; one already judged by ingestion, which answers a retry of the
    // judgment that judged it (same body, so the same idempotency key and request) as the first time.
    const finished = served.completedAt
      ? []
      : checkSubmission({ ...served, assignmentId: served.id }, served, '').filter((i) =>
          i.rule.startsWith(FINISHED_ASSIGNMENT_RULE),
        );
    if (finished.length > 0) throw new ConflictError(finished[0].rule, finished);
    const queue = await this.requireQueue(principal.tenant, served.queueId);
    const event = {
      type: 'comparison.recorded',
      idempotencyKey: `judgment:${served.id}`,
      data: {
        taskId: served.taskId,
        taskType: served.taskType ?? queue.taskType ?? DEFAULT_TASK_TYPE,
        prompt: served.prompt,
        responses: served.responses,
        shownOrder: served.shownOrder,
        choice: input.choice,
        ...(input.strength !== undefined && { strength: input.strength }),
        ...(input.rubric !== undefined && { rubric: input.rubric }),
        ...(input.comment !== undefined && { comment: input.comment }),
        objective: queue.objective ?? DEFAULT_OBJECTIVE,
        raterId: served.raterId,
        guidelineVersion: queue.guidelineVersion ?? UNVERSIONED_GUIDELINES,
        dwellTimeMs: input.dwellTimeMs,
        locale: input.locale ?? 'und',
        interfaceVersion: input.interfaceVersion ?? 'api',
        queueId: served.queueId,
        assignmentId: served.id,
      },
    };
    // The judgment is written as the platform writes any comparison: a rater key may send this one type, for its own assignment only.
    const asIngest: Principal = { ...principal, scopes: ['ingest'] };
    try {
      const { accepted } = await this.ingestion.ingestOne(asIngest, event, {
        source: `api-key-${principal.lookupId}`,
        types: ['comparison.recorded'],
      });
      return accepted;
    } catch (error) {
      // The rater sent choice and strength, not data.choice.
      throw withFieldsAsSent(error);
    }
  }

  /** The rater passes on an open assignment: it expires at once (reason `skipped`) and its slot goes to another rater. */
  async skip(principal: Principal, assignmentId: string): Promise<{ assignmentId: string; expiredAt: string }> {
    const served = await this.assignments.findServed(principal.tenant, assignmentId);
    const rater = raterOf(principal, principal.scopes.includes('rater') ? undefined : served?.raterId, 'raterId');
    if (!served || served.raterId !== rater) throw new NotFoundError('assignment', assignmentId);
    if (served.completedAt || served.expiredAt) {
      throw new ConflictError(`assignment ${assignmentId} is finished (judged or expired)`, [
        { path: 'assignmentId', rule: `${FINISHED_ASSIGNMENT_RULE}: it was already judged or has expired` },
      ]);
    }
    const expiredAt = this.clock.now().toISOString();
    const event = this.events.record(principal.tenant, 'queue.assignment-expired', {
      queueId: served.queueId,
      taskId: served.taskId,
      assignmentId,
      expiredAt,
      reason: 'skipped',
    });
    await this.events.publish([event]);
    await this.queues.apply([planQueueChange(event)]);
    return { assignmentId, expiredAt };
  }

  /** Expires the queue's assignments whose lease ran out, one event each (slots return to the pool). */
  private async expireOverdue(queue: QueueRow): Promise<void> {
    const now = this.clock.now().getTime();
    const overdue = await this.assignments.findOverdue(
      queue.tenant,
      queue.id,
      new Date(now - this.config.queues.leaseSeconds * 1000),
    );
    if (overdue.length === 0) return;
    const events = overdue.map((a) =>
      this.events.record(queue.tenant, 'queue.assignment-expired', {
        queueId: queue.id,
        taskId: a.taskId,
        assignmentId: a.id,
        expiredAt: new Date(now).toISOString(),
        reason: 'lease',
      }),
    );
    await this.events.publish(events);
    await this.queues.apply(events.map(planQueueChange));
  }

  /** The rater's judged tasks picked for a reversal check and not reversed yet, the latest judged first. */
  private async reversalCandidates(queue: QueueRow, rater: string): Promise<AssignmentRow[]> {
    const share = queue.reversalShare ?? this.config.queues.reversalShare;
    if (share === 0) return [];
    return (await this.assignments.findUnreversed(queue.tenant, queue.id, rater)).filter((a) =>
      selectedForReversal(a.id, share),
    );
  }

  /** Serves the first of `candidates` that can still be reversed, as a new assignment with the order reversed. */
  private async assignReversal(queue: QueueRow, candidates: readonly AssignmentRow[]): Promise<NextTask | undefined> {
    for (const original of candidates) {
      const event = this.events.record(queue.tenant, 'queue.task-assigned', {
        queueId: queue.id,
        taskId: original.taskId,
        assignmentId: this.newId(),
        raterId: original.raterId,
        ordinal: original.ordinal,
        shownOrder: reversedOrder(original.shownOrder),
        reversalOf: original.id,
      });
      const change = planQueueChange(event);
      if (change.kind !== 'task-assigned') throw new Error(`queue.task-assigned planned as ${change.kind}`);
      if (!(await this.assignments.assignReversal({ change, announce: () => this.events.publish([event]) }))) continue;
      const served = await this.assignments.findServed(queue.tenant, change.assignmentId);
      if (served) return this.served(queue, served, served);
    }
    return undefined;
  }

  private async assignFresh(queue: QueueRow, rater: string): Promise<NextTask | undefined> {
    const assigned = await this.assignments.assignNext(queue.tenant, queue.id, rater, (candidate) => {
      const order = servedOrder(
        {
          responseIds: candidate.responses.map((r) => r.id),
          ordinal: candidate.ordinal,
          counterbalance: queue.counterbalance,
          baseOrder: candidate.baseOrder,
        },
        this.random,
      );
      const event = this.events.record(queue.tenant, 'queue.task-assigned', {
        queueId: queue.id,
        taskId: candidate.taskId,
        assignmentId: this.newId(),
        raterId: rater,
        ordinal: candidate.ordinal,
        shownOrder: order.shownOrder,
        ...(order.baseOrder !== null && { baseOrder: order.baseOrder }),
      });
      const change = planQueueChange(event);
      if (change.kind !== 'task-assigned') throw new Error(`queue.task-assigned planned as ${change.kind}`);
      return { change, announce: () => this.events.publish([event]) };
    });
    if (!assigned) return undefined;
    const { candidate, assignment } = assigned;
    return this.served(queue, assignment, {
      prompt: candidate.prompt,
      responses: candidate.responses,
      taskType: candidate.taskType,
    });
  }

  /** The task as the rater sees it: responses in the order served, the guidelines, and the rater's progress. */
  private async served(
    queue: QueueRow,
    assignment: AssignmentRow,
    task: { prompt: string; responses: readonly QueueTaskResponse[]; taskType: string | null },
  ): Promise<NextTask> {
    const byId = new Map(task.responses.map((r) => [r.id, r]));
    const progress = await this.assignments.progress(queue.tenant, queue.id, assignment.raterId);
    return {
      assignmentId: assignment.id,
      queueId: queue.id,
      taskId: assignment.taskId,
      taskType: task.taskType ?? queue.taskType,
      objective: queue.objective,
      guidelineVersion: queue.guidelineVersion,
      guidelines: queue.guidelines,
      rubric: queue.rubric,
      prompt: task.prompt,
      responses: assignment.shownOrder.map((id) => byId.get(id)!),
      shownOrder: assignment.shownOrder,
      reversalOf: assignment.reversalOf,
      assignedAt: assignment.assignedAt.toISOString(),
      expiresAt: new Date(assignment.assignedAt.getTime() + this.config.queues.leaseSeconds * 1000).toISOString(),
      progress,
    };
  }

  private async requireQueue(tenant: string, id: string): Promise<QueueRow> {
    const queue = await this.queues.findQueue(tenant, id);
    if (!queue) throw new NotFoundError('queue', id);
    return queue;
  }

  private newId(): string {
    return formatUuidV7(this.clock.now().getTime(), this.random.bytes(10));
  }
}
