import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, isoDateTime } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/**
 * `queue.assignment-expired` v1: an assignment was not judged within its lease
 * (QUEUE_LEASE_SECONDS after it was handed out), so its slot went back to the
 * pool for another rater. The rater it was served to does not get the task
 * again, and a judgment sent for it afterwards is refused (409). Written by
 * the api when it next hands out a task of the queue.
 */
export const queueAssignmentExpiredDataV1 = z.strictObject({
  queueId: id(),
  taskId: id(),
  assignmentId: id(),
  expiredAt: isoDateTime(),
  /** `lease` (absent means lease too): the lease ran out; `skipped`: the rater skipped the task (POST /v1/assignments/{id}/skip). */
  reason: z.enum(['lease', 'skipped']).optional(),
});

export const queueAssignmentExpiredV1 = defineEvent({
  type: 'queue.assignment-expired',
  version: 1,
  topic: TOPICS.queues,
  description:
    "An assignment's lease ran out before it was judged, or its rater skipped it: its slot went back to the pool (by the api).",
  data: queueAssignmentExpiredDataV1,
  subject: (data) => ({ kind: 'task', id: data.taskId }),
  partitionKey: (data) => data.queueId,
  senders: { platform: 'api' },
  personalSubject: null,
  erasedBy: [],
});

export type QueueAssignmentExpired = EventOf<typeof queueAssignmentExpiredV1>;
export type QueueAssignmentExpiredInput = EventInputOf<typeof queueAssignmentExpiredV1>;
export type QueueAssignmentExpiredData = DataOf<typeof queueAssignmentExpiredV1>;
