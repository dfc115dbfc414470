import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, reason, uuidV7 } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/**
 * `annotation.retracted` v1: an earlier `comparison.recorded` or
 * `rating.recorded` no longer counts. `annotationId` is that event's `id`;
 * `taskId` is its task, so the retraction lands on the same partition, after it.
 * Datasets as of T drop the annotation only if this was recorded at or before T.
 *
 * Personal, for the same reasons as `annotation.corrected`: its `reason` is
 * free text about the rater's judgment (often about the rater: "misread the
 * prompt"), linked to the rater through the annotation it names. Sealed under
 * the key of the rater of the retracted annotation (`raterId`, required on
 * input, optional in the schema for retractions recorded before it existed)
 * and cleared by that rater's erasure.
 */
export const annotationRetractedDataV1 = z.strictObject({
  annotationId: uuidV7(),
  taskId: id(),
  raterId: id().optional(),
  reason: reason(),
});

export const annotationRetractedV1 = defineEvent({
  type: 'annotation.retracted',
  version: 1,
  topic: TOPICS.annotations,
  description:
    "An earlier comparison.recorded or rating.recorded (annotationId = that event's id, taskId = its task) no longer counts. raterId (the rater of the retracted annotation) is required on input: the retraction is sealed under that rater's key and erased with the rater.",
  data: annotationRetractedDataV1,
  subject: (data) => ({ kind: 'annotation', id: data.annotationId }),
  partitionKey: (data) => data.taskId,
  senders: { clients: ['ingest'] },
  personalSubject: { kind: 'rater', field: 'raterId' },
  erasedBy: [{ kind: 'rater', field: 'raterId' }],
});

export type AnnotationRetracted = EventOf<typeof annotationRetractedV1>;
export type AnnotationRetractedInput = EventInputOf<typeof annotationRetractedV1>;
export type AnnotationRetractedData = DataOf<typeof annotationRetractedV1>;
