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
  description:
    'An annotation queue was created (by the api, for an admin key): overlap raters per task, counterbalanced response orders or not.',
  data: queueCreatedDataV1,
  subject: (data) => ({ kind: 'queue', id: data.queueId }),
  partitionKey: (data) => data.queueId,
  // A queue only exists through the api's conflict check (409 for a taken id).
  senders: { platform: 'api' },
  personalSubject: null,
  erasedBy: [],
});

/** Most rubric dimensions one queue may define. */
export const MAX_QUEUE_RUBRIC_DIMENSIONS = 20;

/** One rubric dimension a queue asks raters to score on each comparison: integer scores in `scale.min..scale.max`. */
export const queueRubricDimensionSchema = z
  .strictObject({
    id: slug(),
    label: text(MAX_LABEL_CHARS),
    scale: z.strictObject({ min: z.number().int().min(-1000).max(1000), max: z.number().int().min(-1000).max(1000) }),
  })
  .superRefine((dimension, ctx) => {
    if (dimension.scale.max <= dimension.scale.min) {
      ctx.addIssue({
        code: 'custom',
        path: ['scale', 'max'],
        message: 'must be greater than scale.min',
        input: dimension.scale.max,
      });
    }
  });

/**
 * `queue.created` v2: v1 plus an optional `rubric` (0–20 dimensions with unique ids) that the
 * workbench shows and `comparison.recorded` v2's `rubric` scores are checked against.
 */
export const queueCreatedDataV2 = z
  .strictObject({
    ...queueCreatedDataV1.shape,
    rubric: z.array(queueRubricDimensionSchema).max(MAX_QUEUE_RUBRIC_DIMENSIONS).optional(),
  })
  .superRefine((data, ctx) => {
    const seen = new Set<string>();
    (data.rubric ?? []).forEach((dimension, index) => {
      if (seen.has(dimension.id))
        ctx.addIssue({ code: 'custom', path: ['rubric', index, 'id'], message: 'must be unique', input: dimension.id });
      seen.add(dimension.id);
    });
  });

export const queueCreatedV2 = defineEvent({
  type: 'queue.created',
  version: 2,
  topic: TOPICS.queues,
  description:
    'An annotation queue was created (by the api, for an admin key): overlap raters per task, counterbalanced response orders or not, optional rubric dimensions { id, label, scale: { min, max } } scored on each comparison.',
  data: queueCreatedDataV2,
  subject: (data) => ({ kind: 'queue', id: data.queueId }),
  partitionKey: (data) => data.queueId,
  senders: { platform: 'api' },
  personalSubject: null,
  erasedBy: [],
});

export type QueueCreated = EventOf<typeof queueCreatedV2>;
export type QueueCreatedInput = EventInputOf<typeof queueCreatedV2>;
export type QueueCreatedData = DataOf<typeof queueCreatedV2>;
export type QueueRubricDimension = z.output<typeof queueRubricDimensionSchema>;
