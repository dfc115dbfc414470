import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { MAX_COMPARISON_RESPONSES, MAX_PROMPT_CHARS } from '../../envelope/limits';
import { id, positiveInt, slug, text } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';
import { comparisonResponseSchema } from '../annotation/comparison-recorded';

/**
 * `queue.task-enqueued` v1: one comparison task joined a queue. `seq` is the
 * task's place in the queue (tasks are handed out in `seq` order), fixed by
 * the api when it enqueued it, so a rebuild hands them out in the same order.
 * One event per task keeps each Kafka message within the broker's size limit.
 */
export const queueTaskEnqueuedDataV1 = z
  .strictObject({
    queueId: id(),
    taskId: id(),
    seq: positiveInt(),
    prompt: text(MAX_PROMPT_CHARS),
    responses: z.array(comparisonResponseSchema).min(2).max(MAX_COMPARISON_RESPONSES),
    taskType: slug().optional(),
  })
  .superRefine((data, ctx) => {
    const ids = new Set<string>();
    data.responses.forEach((response, index) => {
      if (ids.has(response.id))
        ctx.addIssue({
          code: 'custom',
          path: ['responses', index, 'id'],
          message: 'must be unique',
          input: response.id,
        });
      ids.add(response.id);
    });
  });

export const queueTaskEnqueuedV1 = defineEvent({
  type: 'queue.task-enqueued',
  version: 1,
  topic: TOPICS.queues,
  description:
    'A comparison task joined an annotation queue at position seq (by the api, for an ingest or admin key). Response ids are unique.',
  data: queueTaskEnqueuedDataV1,
  subject: (data) => ({ kind: 'task', id: data.taskId }),
  partitionKey: (data) => data.queueId,
  // The api checks the queue exists and the task id is new in it before it writes this.
  senders: { platform: 'api' },
  // Prompts and model responses, no rater's words.
  personalSubject: null,
  erasedBy: [],
});

export type QueueTaskEnqueued = EventOf<typeof queueTaskEnqueuedV1>;
export type QueueTaskEnqueuedInput = EventInputOf<typeof queueTaskEnqueuedV1>;
export type QueueTaskEnqueuedData = DataOf<typeof queueTaskEnqueuedV1>;
