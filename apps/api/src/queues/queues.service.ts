import { Injectable } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import { ConflictError, formatUuidV7, NotFoundError, type FieldIssue } from '@hindsight/contracts';
import { QueueAssignmentRepository, QueueRepository, type QueueRow, type QueueTaskResponse } from '@hindsight/store';
import { Clock } from '../ingestion/clock';
import { parseCreateQueue, parseEnqueueEnvelope, parseNextTaskQuery, parseQueueTask, type QueueTaskInput } from './queue-input';
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
}

const queueView = (q: QueueRow): QueueView => ({
  id: q.id,
  name: q.name,
  overlap: q.overlap,
  counterbalance: q.counterbalance,
  taskType: q.taskType,
  objective: q.objective,
  guidelineVersion: q.guidelineVersion,
  createdAt: q.createdAt.toISOString(),
});

/**
 * Annotation queues: create a queue, enqueue comparison tasks, hand a rater the
 * next task with its response order. Every lookup is by the caller's tenant, so
 * another tenant's queue reads as not found.
 */
@Injectable()
export class QueuesService {
  constructor(
    private readonly queues: QueueRepository,
    private readonly assignments: QueueAssignmentRepository,
    private readonly random: RandomSource,
    private readonly clock: Clock,
  ) {}

  async create(principal: Principal, body: unknown): Promise<QueueView> {
    const input = parseCreateQueue(body);
    const id = input.id ?? this.newId();
    const row = await this.queues.insertQueue({
      tenant: principal.tenant,
      id,
      name: input.name,
      overlap: input.overlap,
      counterbalance: input.counterbalance,
      taskType: input.taskType ?? null,
      objective: input.objective ?? null,
      guidelineVersion: input.guidelineVersion ?? null,
    });
    if (!row) throw new ConflictError(`queue ${id} already exists`, [{ path: 'id', rule: 'already exists' }]);
    return queueView(row);
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
      if (first !== undefined) return results.push({ index, status: 'rejected', issues: [{ path: `tasks[${index}].taskId`, rule: `duplicate of tasks[${first}].taskId in this request` }] });
      firstIndex.set(parsed.task.taskId, index);
      valid.push({ index, task: parsed.task });
    });
    const inserted = await this.queues.insertTasks(
      queue,
      valid.map(({ task }) => ({ taskId: task.taskId, prompt: task.prompt, responses: task.responses, taskType: task.taskType ?? null })),
    );
    for (const { index, task } of valid) {
      results.push(
        inserted.has(task.taskId)
          ? { index, status: 'accepted', taskId: task.taskId }
          : { index, status: 'rejected', issues: [{ path: `tasks[${index}].taskId`, rule: `already in queue ${queue.id}` }] },
      );
    }
    results.sort((a, b) => a.index - b.index);
    const accepted = results.filter((r) => r.status === 'accepted').length;
    return { queueId: queue.id, accepted, rejected: results.length - accepted, results };
  }

  /** The next task for the rater, or undefined when the queue has nothing left for them. */
  async next(principal: Principal, query: unknown): Promise<NextTask | undefined> {
    const { queue: queueId, rater } = parseNextTaskQuery(query);
    const queue = await this.requireQueue(principal.tenant, queueId);
    const assigned = await this.assignments.assignNext(queue.tenant, queue.id, rater, (candidate) => {
      const order = servedOrder(
        { responseIds: candidate.responses.map((r) => r.id), ordinal: candidate.ordinal, counterbalance: queue.counterbalance, baseOrder: candidate.baseOrder },
        this.random,
      );
      return { id: this.newId(), shownOrder: order.shownOrder, baseOrder: order.baseOrder };
    });
    if (!assigned) return undefined;
    const { candidate, assignment } = assigned;
    const byId = new Map(candidate.responses.map((r) => [r.id, r]));
    return {
      assignmentId: assignment.id,
      queueId: queue.id,
      taskId: candidate.taskId,
      taskType: candidate.taskType ?? queue.taskType,
      objective: queue.objective,
      guidelineVersion: queue.guidelineVersion,
      prompt: candidate.prompt,
      responses: assignment.shownOrder.map((id) => byId.get(id)!),
      shownOrder: assignment.shownOrder,
    };
  }

  private async requireQueue(tenant: string, id: string): Promise<QueueRow> {
    const queue = await this.queues.findQueue(tenant, id);
    if (!queue) throw new NotFoundError('queue', id);
    return queue;
  }

  private newId(): string {
    return formatUuidV7(this.clock.now(), this.random.bytes(10));
  }
}
