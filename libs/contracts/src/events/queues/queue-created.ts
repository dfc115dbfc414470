import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { MAX_LABEL_CHARS } from '../../envelope/limits';
import { id, objective, slug, text, token } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/** Most raters one queue may want per task. */
export const MAX_QUEUE_OVERLAP = 100;
/** Longest guidelines text a queue may carry. */
export const MAX_GUIDELINES_CHARS = 20000;

/**
 * `queue.created` v1: an admin created an annotation queue. Its creation time
 * is the event's `recordedAt`. Written by the api only (`POST /v1/queues`).
 */
export const queueCreatedDataV1 = z.strictObject({
  queueId: id(),
  name: text(MAX_LABEL_CHARS),
  overlap: z.number().int().min(1).max(MAX_QUEUE_OVERLAP),
  counterbalance: z.boolean(),
  taskType: slug().optional(),
  objective: objective().optional(),
  guidelineVersion: token().optional(),
  /** The guidelines raters read before judging (shown by the workbench; their version is `guidelineVersion`). */
  guidelines: text(MAX_GUIDELINES_CHARS).optional(),
  /** Share (0..1) of a rater's judged tasks served to them again reversed; absent: QUEUE_REVERSAL_SHARE. */
  reversalShare: z.number().min(0).max(1).optional(),
});

export const queueCreatedV1 = defineEvent({
  type: 'queue.created',
  version: 1,
  topic: TOPICS.queues,
  description: 'An annotation queue was created (by the api, for an admin key): overlap raters per task, counterbalanced response orders or not.',
  data: queueCreatedDataV1,
  subject: (data) => ({ kind: 'queue', id: data.queueId }),
  partitionKey: (data) => data.queueId,
  // A queue only exists through the api's conflict check (409 for a taken id).
  senders: { platform: 'api' },
  personalSubject: null,
  erasedBy: [],
});

export type QueueCreated = EventOf<typeof queueCreatedV1>;
export type QueueCreatedInput = EventInputOf<typeof queueCreatedV1>;
export type QueueCreatedData = DataOf<typeof queueCreatedV1>;
