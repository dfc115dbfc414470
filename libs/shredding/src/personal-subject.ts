import { personalSubjectDeclarationOf } from '@hindsight/contracts';

/** The subject whose key encrypts an event's data on Kafka: the person (or interaction) erasure is about. */
export interface SubjectKeyRef {
  readonly kind: 'rater' | 'interaction';
  readonly id: string;
}

/**
 * The subject whose key seals an event's data, as its definition declares
 * (`personalSubject` in `libs/contracts`); undefined for a type that carries
 * no personal content, an unknown type, or an event recorded before its type
 * named the subject (such events stay in the clear).
 */
export function personalSubjectOf(type: string, data: unknown): SubjectKeyRef | undefined {
  const declared = personalSubjectDeclarationOf(type);
  if (!declared || typeof data !== 'object' || data === null) return undefined;
  const id = (data as Record<string, unknown>)[declared.field];
  return typeof id === 'string' ? { kind: declared.kind, id } : undefined;
}
