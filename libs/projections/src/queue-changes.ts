import type { QueueEvent, QueueRubricDimension } from '@hindsight/contracts';

/**
 * What a queue event (or a comparison that names an assignment:
 * `assignment-judged`) does to `annotation_queues`, `queue_tasks` and
 * `queue_assignments`. Every value the rows hold comes from the event (times
 * are its `recordedAt`, or the completion or expiry time its data carries),
 * never from the clock, so a rebuild writes the same rows.
 */
export type QueueChange =
  | {
      readonly kind: 'queue-created';
      readonly tenant: string;
      readonly queueId: string;
      readonly name: string;
      readonly overlap: number;
      readonly counterbalance: boolean;
      readonly taskType: string | null;
      readonly objective: string | null;
      readonly guidelineVersion: string | null;
      readonly guidelines: string | null;
      readonly rubric: readonly QueueRubricDimension[] | null;
      readonly reversalShare: number | null;
      readonly createdAt: string;
    }
  | {
      readonly kind: 'task-enqueued';
      readonly tenant: string;
      readonly queueId: string;
      readonly taskId: string;
      readonly seq: number;
      readonly prompt: string;
      readonly responses: readonly { readonly id: string; readonly text: string; readonly modelVersion: string }[];
      readonly taskType: string | null;
      readonly createdAt: string;
    }
  | {
      readonly kind: 'task-assigned';
      readonly tenant: string;
      readonly queueId: string;
      readonly taskId: string;
      readonly assignmentId: string;
      readonly raterId: string;
      readonly ordinal: number;
      readonly shownOrder: readonly string[];
      readonly baseOrder: readonly string[] | null;
      readonly reversalOf: string | null;
      readonly assignedAt: string;
    }
  | {
      readonly kind: 'assignment-expired';
      readonly tenant: string;
      readonly queueId: string;
      readonly taskId: string;
      readonly assignmentId: string;
      readonly expiredAt: string;
    }
  | {
      readonly kind: 'assignment-completed';
      readonly tenant: string;
      readonly queueId: string;
      readonly assignmentId: string;
      readonly completedAt: string;
    }
  | {
      /**
       * A `comparison.recorded` that names the assignment (see assignment-judgments.ts): it completes the
       * assignment at its `recordedAt`, as `queue.assignment-completed` does, whichever of the two arrives first.
       */
      readonly kind: 'assignment-judged';
      readonly tenant: string;
      readonly queueId: string;
      readonly taskId: string;
      readonly assignmentId: string;
      readonly annotationId: string;
      readonly judgedAt: string;
    };

/** The change one queue event makes (pure). */
export function planQueueChange(event: QueueEvent): QueueChange {
  const tenant = event.tenant;
  switch (event.type) {
    case 'queue.created': {
      const d = event.data;
      return {
        kind: 'queue-created',
        tenant,
        queueId: d.queueId,
        name: d.name,
        overlap: d.overlap,
        counterbalance: d.counterbalance,
        taskType: d.taskType ?? null,
        objective: d.objective ?? null,
        guidelineVersion: d.guidelineVersion ?? null,
        guidelines: d.guidelines ?? null,
        rubric: d.rubric ?? null,
        reversalShare: d.reversalShare ?? null,
        createdAt: event.recordedAt,
      };
    }
    case 'queue.task-enqueued': {
      const d = event.data;
      return {
        kind: 'task-enqueued',
        tenant,
        queueId: d.queueId,
        taskId: d.taskId,
        seq: d.seq,
        prompt: d.prompt,
        responses: d.responses,
        taskType: d.taskType ?? null,
        createdAt: event.recordedAt,
      };
    }
    case 'queue.task-assigned': {
      const d = event.data;
      return {
        kind: 'task-assigned',
        tenant,
        queueId: d.queueId,
        taskId: d.taskId,
        assignmentId: d.assignmentId,
        raterId: d.raterId,
        ordinal: d.ordinal,
        shownOrder: d.shownOrder,
        baseOrder: d.baseOrder ?? null,
        reversalOf: d.reversalOf ?? null,
        assignedAt: event.recordedAt,
      };
    }
    case 'queue.assignment-completed':
      return {
        kind: 'assignment-completed',
        tenant,
        queueId: event.data.queueId,
        assignmentId: event.data.assignmentId,
        completedAt: event.data.completedAt,
      };
    case 'queue.assignment-expired': {
      const d = event.data;
      return {
        kind: 'assignment-expired',
        tenant,
        queueId: d.queueId,
        taskId: d.taskId,
        assignmentId: d.assignmentId,
        expiredAt: d.expiredAt,
      };
    }
  }
}
