import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, isoDateTime, uuidV7 } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/**
 * `queue.assignment-completed` v1: a comparison for the assignment was
 * accepted (`annotationId`, recorded at `completedAt`). Written by the api
 * once Kafka acknowledged the comparison; the first completion time is kept.
 * `annotationId` is absent only where the export of older rows
 * (`hindsight queues export-events`) could not find the comparison.
 * The projection also completes the assignment from the comparison itself
 * (same time, the first kept, either may arrive first), so a completion the
 * api could not publish leaves nothing open; this event stays the record on
 * the queue's partition, after the assignment, and survives the rater's
 * erasure, which makes the sealed comparison unreadable.
 */
export const queueAssignmentCompletedDataV1 = z.strictObject({
  queueId: id(),
  taskId: id(),
  assignmentId: id(),
  annotationId: uuidV7().optional(),
  completedAt: isoDateTime(),
});

export const queueAssignmentCompletedV1 = defineEvent({
  type: 'queue.assignment-completed',
  version: 1,
  topic: TOPICS.queues,
  description:
    'A comparison (annotationId, recorded at completedAt) completed a queue assignment (by the api, after Kafka acknowledged the comparison).',
  data: queueAssignmentCompletedDataV1,
  subject: (data) => ({ kind: 'task', id: data.taskId }),
  partitionKey: (data) => data.queueId,
  // The api after a comparison's ack; the CLI exports completions recorded before queues were events.
  senders: { platform: 'api' },
  personalSubject: null,
  erasedBy: [],
});

export type QueueAssignmentCompleted = EventOf<typeof queueAssignmentCompletedV1>;
export type QueueAssignmentCompletedInput = EventInputOf<typeof queueAssignmentCompletedV1>;
export type QueueAssignmentCompletedData = DataOf<typeof queueAssignmentCompletedV1>;
