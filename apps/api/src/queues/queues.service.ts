import { Injectable } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import { ConflictError, formatUuidV7, NotFoundError, type FieldIssue, type QueueCreated } from '@hindsight/contracts';
import { planQueueChange } from '@hindsight/projections';
import { QueueAssignmentRepository, QueueRepository, type QueueRow, type QueueTaskResponse } from '@hindsight/store';
import { Clock } from '../ingestion/clock';
import { parseCreateQueue, parseEnqueueEnvelope, parseNextTaskQuery, parseQueueTask, type QueueTaskInput } from './queue-input';
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

const queueView = (event: QueueCreated): QueueView => ({
  id: event.data.queueId,
  name: event.data.name,
  overlap: event.data.overlap,
  counterbalance: event.data.counterbalance,
  taskType: event.data.taskType ?? null,
  objective: event.data.objective ?? null,
  guidelineVersion: event.data.guidelineVersion ?? null,
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
  ) {}

  async create(principal: Principal, body: unknown): Promise<QueueView> {
    const input = parseCreateQueue(body);
    const tenant = principal.tenant;
    const id = input.id ?? this.newId();
    const created = await this.queues.withQueueLock(tenant, id, async (tx) => {
      if (await this.queues.queueExists(tx, tenant, id)) throw new ConflictError(`queue ${id} already exists`, [{ path: 'id', rule: 'already exists' }]);
      const event = this.events.record(tenant, 'queue.created', {
        queueId: id,
        name: input.name,
        overlap: input.overlap,
        counterbalance: input.counterbalance,
        ...(input.taskType !== undefined && { taskType: input.taskType }),
        ...(input.objective !== undefined && { objective: input.objective }),
        ...(input.guidelineVersion !== undefined && { guidelineVersion: input.guidelineVersion }),
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
      if (first !== undefined) return results.push({ index, status: 'rejected', issues: [{ path: `tasks[${index}].taskId`, rule: `duplicate of tasks[${first}].taskId in this request` }] });
      firstIndex.set(parsed.task.taskId, index);
      valid.push({ index, task: parsed.task });
    });
    if (valid.length > 0) {
      await this.queues.withQueueLock(queue.tenant, queue.id, async (tx) => {
        const { present, maxSeq } = await this.queues.tasksPresent(tx, queue.tenant, queue.id, valid.map((v) => v.task.taskId));
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
              ? { index, status: 'rejected', issues: [{ path: `tasks[${index}].taskId`, rule: `already in queue ${queue.id}` }] }
              : { index, status: 'accepted', taskId: task.taskId },
          );
        }
      });
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
