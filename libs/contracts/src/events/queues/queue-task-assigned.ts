import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { MAX_COMPARISON_RESPONSES } from '../../envelope/limits';
import { id, positiveInt } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';
import { MAX_QUEUE_OVERLAP } from './queue-created';

const order = () => z.array(id()).min(2).max(MAX_COMPARISON_RESPONSES);

/**
 * `queue.task-assigned` v1: the api handed a queue task to a rater
 * (`GET /v1/tasks/next`). Everything the assignment row holds travels here, so
 * a rebuild writes the same row: the assignment id, the rater's slot
 * (`ordinal`, 1..overlap), the order served, and `baseOrder` when this
 * assignment fixed the task's base order (the first rater of a counterbalanced
 * queue). The assignment time is the event's `recordedAt`.
 */
export const queueTaskAssignedDataV1 = z.strictObject({
  queueId: id(),
  taskId: id(),
  assignmentId: id(),
  raterId: id(),
  ordinal: positiveInt().max(MAX_QUEUE_OVERLAP),
  shownOrder: order(),
  baseOrder: order().optional(),
  /**
   * A reversal check: the assignment (completed, same rater and task) whose order
   * this one serves reversed. It takes no slot of the task; the quality report
   * counts the two judgments as one rater's pair shown both ways.
   */
  reversalOf: id().optional(),
});

export const queueTaskAssignedV1 = defineEvent({
  type: 'queue.task-assigned',
  version: 1,
  topic: TOPICS.queues,
  description:
    "A queue task was handed to a rater (by the api): the assignment id, the rater's slot ordinal (1..overlap), the order shown, and baseOrder when this assignment fixed the task's base order.",
  data: queueTaskAssignedDataV1,
  subject: (data) => ({ kind: 'task', id: data.taskId }),
  partitionKey: (data) => data.queueId,
  // Only the api's claim (under the task's row lock) keeps a task within its overlap.
  senders: { platform: 'api' },
  personalSubject: null,
  // The rater id is pseudonymous and the assignment holds no content of theirs (the comparisons
  // table keeps the id too); an erasure leaves the assignment, so the task's slot stays taken.
  erasedBy: [],
});

export type QueueTaskAssigned = EventOf<typeof queueTaskAssignedV1>;
export type QueueTaskAssignedInput = EventInputOf<typeof queueTaskAssignedV1>;
export type QueueTaskAssignedData = DataOf<typeof queueTaskAssignedV1>;
