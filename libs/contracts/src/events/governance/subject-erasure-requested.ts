import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, reason } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

export const ERASABLE_SUBJECT_KINDS = ['rater', 'user', 'interaction'] as const;
export type ErasableSubjectKind = (typeof ERASABLE_SUBJECT_KINDS)[number];

/**
 * `subject.erasure.requested` v1: erase everything about a rater, a user or
 * an interaction. Unlike corrections and retractions, an erasure applies to
 * every later dataset build whatever its as-of time, and the manifest says so.
 */
export const subjectErasureRequestedDataV1 = z.strictObject({
  subjectKind: z.enum(ERASABLE_SUBJECT_KINDS),
  subjectId: id(),
  reason: reason(),
});

export const subjectErasureRequestedV1 = defineEvent({
  type: 'subject.erasure.requested',
  version: 1,
  topic: TOPICS.governance,
  description:
    'Erase everything about a rater, a user or an interaction; applies to every later dataset build, whatever its as-of time.',
  data: subjectErasureRequestedDataV1,
  subject: (data) => ({ kind: data.subjectKind, id: data.subjectId }),
  partitionKey: (data) => data.subjectId,
  senders: { clients: ['admin'] },
  // The audit trail of erasures: in the clear (it cannot be sealed under the key it destroys) and never erased.
  personalSubject: null,
  erasedBy: [],
});

export type SubjectErasureRequested = EventOf<typeof subjectErasureRequestedV1>;
export type SubjectErasureRequestedInput = EventInputOf<typeof subjectErasureRequestedV1>;
export type SubjectErasureRequestedData = DataOf<typeof subjectErasureRequestedV1>;
