import type { SubjectRef } from '@hindsight/store';
import {
  subjectKeyMessageKey,
  type DestroyedKeyRecord,
  type SubjectKeyRecord,
  type WrappedKeyRecord,
} from './subject-key-record';

/** Publishes records to the subject-keys topic and resolves once Kafka acknowledged them (acks=all). */
export type SubjectKeyLogWriter = (records: readonly SubjectKeyRecord[]) => Promise<void>;

/** A message of the subject-keys topic, in the shape every publisher of the platform takes. */
export const subjectKeyMessage = (topic: string, record: SubjectKeyRecord) => ({
  topic,
  key: subjectKeyMessageKey(record),
  value: JSON.stringify(record),
  headers: { 'hindsight-record': 'subject-key' } as Record<string, string>,
});

export const wrappedKeyRecord = (
  ref: SubjectRef,
  kekId: string,
  wrapped: Buffer,
  wrappedAt: string,
): WrappedKeyRecord => ({
  format: 'hindsight.subject-key',
  version: 1,
  tenant: ref.tenant,
  kind: ref.kind,
  id: ref.id,
  kekId,
  wrappedKey: wrapped.toString('base64'),
  wrappedAt,
});

export const destroyedKeyRecord = (ref: SubjectRef, destroyedAt: string): DestroyedKeyRecord => ({
  format: 'hindsight.subject-key',
  version: 1,
  tenant: ref.tenant,
  kind: ref.kind,
  id: ref.id,
  destroyedAt,
});
