import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, reason, uuidV7 } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/**
 * `annotation.retracted` v1: an earlier `comparison.recorded` or
 * `rating.recorded` no longer counts. `annotationId` is that event's `id`;
 * `taskId` is its task, so the retraction lands on the same partition, after it.
 * Datasets as of T drop the annotation only if this was recorded at or before T.
 */
export const annotationRetractedDataV1 = z.strictObject({
  annotationId: uuidV7(),
  taskId: id(),
  reason: reason(),
});

export const annotationRetractedV1 = defineEvent({
  type: 'annotation.retracted',
  version: 1,
  topic: TOPICS.annotations,
  description: 'An earlier comparison.recorded or rating.recorded (annotationId = that event\'s id, taskId = its task) no longer counts.',
  data: annotationRetractedDataV1,
  subject: (data) => ({ kind: 'annotation', id: data.annotationId }),
  partitionKey: (data) => data.taskId,
});

export type AnnotationRetracted = EventOf<typeof annotationRetractedV1>;
export type AnnotationRetractedInput = EventInputOf<typeof annotationRetractedV1>;
export type AnnotationRetractedData = DataOf<typeof annotationRetractedV1>;
