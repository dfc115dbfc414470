import { queueAssignmentCompletedV1, type QueueAssignmentCompleted } from './queue-assignment-completed';
import { queueAssignmentExpiredV1, type QueueAssignmentExpired } from './queue-assignment-expired';
import { queueCreatedV1, queueCreatedV2, type QueueCreated } from './queue-created';
import { queueTaskAssignedV1, type QueueTaskAssigned } from './queue-task-assigned';
import { queueTaskEnqueuedV1, type QueueTaskEnqueued } from './queue-task-enqueued';

export * from './queue-assignment-completed';
export * from './queue-assignment-expired';
export * from './queue-created';
export * from './queue-task-assigned';
export * from './queue-task-enqueued';

/** Every event of the queues family (annotation queues, tasks, assignments), at its latest version. */
export type QueueEvent =
  QueueCreated | QueueTaskEnqueued | QueueTaskAssigned | QueueAssignmentCompleted | QueueAssignmentExpired;

/** Definitions of every published version of the queues family. */
export const queueEventDefinitions = [
  queueCreatedV1,
  queueCreatedV2,
  queueTaskEnqueuedV1,
  queueTaskAssignedV1,
  queueAssignmentCompletedV1,
  queueAssignmentExpiredV1,
] as const;

export const QUEUE_EVENT_TYPES = [
  'queue.created',
  'queue.task-enqueued',
  'queue.task-assigned',
  'queue.assignment-completed',
  'queue.assignment-expired',
] as const satisfies readonly QueueEvent['type'][];
