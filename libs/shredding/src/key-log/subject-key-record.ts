import type { SubjectKeyRef } from '../personal-subject';

/** A subject's data key as it travels on the subject-keys topic: wrapped, never in the clear. */
export interface WrappedKeyRecord {
  readonly format: 'hindsight.subject-key';
  readonly version: 1;
  readonly tenant: string;
  readonly kind: SubjectKeyRef['kind'];
  readonly id: string;
  readonly kekId: string;
  /** base64 of iv ‖ ciphertext ‖ tag (`wrapDataKey`). */
  readonly wrappedKey: string;
  /** When this wrapping was made: a re-wrap (rotation) is newer than the one it replaces. */
  readonly wrappedAt: string;
}

/**
 * The key was destroyed by an erasure. It is a record, not a null-value
 * tombstone: compaction keeps the latest record of each subject for ever, so a
 * replay years later still tells "erased" from "never had a key", while the
 * earlier record holding the wrapped key is compacted away.
 */
export interface DestroyedKeyRecord {
  readonly format: 'hindsight.subject-key';
  readonly version: 1;
  readonly tenant: string;
  readonly kind: SubjectKeyRef['kind'];
  readonly id: string;
  readonly destroyedAt: string;
}

export type SubjectKeyRecord = WrappedKeyRecord | DestroyedKeyRecord;

export const isDestroyed = (r: SubjectKeyRecord): r is DestroyedKeyRecord => 'destroyedAt' in r;

/** The message key: one subject, one partition, so its records stay in order. Tenants are slugs and kinds have no `/`. */
export const subjectKeyMessageKey = (r: { tenant: string; kind: string; id: string }) =>
  `${r.tenant}/${r.kind}/${r.id}`;

const KINDS: ReadonlySet<string> = new Set(['rater', 'interaction']);

/** Parses a record read from the topic; undefined when it is not one (never thrown: a foreign message is skipped and counted). */
export function parseSubjectKeyRecord(value: Buffer | string | null): SubjectKeyRecord | undefined {
  if (value === null) return undefined;
  let r: Record<string, unknown>;
  try {
    r = JSON.parse(typeof value === 'string' ? value : value.toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (r?.format !== 'hindsight.subject-key' || r.version !== 1) return undefined;
  if (typeof r.tenant !== 'string' || typeof r.kind !== 'string' || !KINDS.has(r.kind) || typeof r.id !== 'string')
    return undefined;
  if (typeof r.destroyedAt === 'string') return r as unknown as DestroyedKeyRecord;
  if (typeof r.kekId === 'string' && typeof r.wrappedKey === 'string' && typeof r.wrappedAt === 'string')
    return r as unknown as WrappedKeyRecord;
  return undefined;
}
