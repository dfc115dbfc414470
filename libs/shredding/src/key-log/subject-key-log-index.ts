import { isDestroyed, subjectKeyMessageKey, type SubjectKeyRecord } from './subject-key-record';

/**
 * The subject-keys topic in memory, one record per subject: a destruction is
 * final, a wrapping replaces an older one (a rotation). Pure: a reader feeds it.
 */
export class SubjectKeyLogIndex {
  private readonly records = new Map<string, SubjectKeyRecord>();

  apply(record: SubjectKeyRecord): void {
    const key = subjectKeyMessageKey(record);
    const held = this.records.get(key);
    if (held && isDestroyed(held)) return;
    if (held && !isDestroyed(record) && held.wrappedAt > record.wrappedAt) return;
    this.records.set(key, record);
  }

  get(ref: { tenant: string; kind: string; id: string }): SubjectKeyRecord | undefined {
    return this.records.get(subjectKeyMessageKey(ref));
  }

  get size(): number {
    return this.records.size;
  }
}

/**
 * Where the sealer reads subject keys while PostgreSQL is down: `open` starts
 * reading the subject-keys topic (if it is not being read) and hands back its
 * index once caught up with the topic's end, undefined before; `close` stops
 * reading and forgets it (the database is back).
 */
export interface SubjectKeyLogSource {
  open(): SubjectKeyLogIndex | undefined;
  close(): void;
}
