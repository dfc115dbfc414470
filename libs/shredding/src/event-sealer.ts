import { randomBytes } from 'node:crypto';
import { personalSubjectDeclarationOf, type HindsightEvent } from '@hindsight/contracts';
import { subjectRefKey, type SubjectKeyRepository, type SubjectRef } from '@hindsight/store';
import { personalSubjectOf } from './personal-subject';
import { associatedDataOf, sealData } from './sealed-data';
import type { KeyEncryptionKeyRing } from './key-encryption/key-ring';
import { unwrapDataKey, wrapDataKey } from './key-encryption/wrap-data-key';
import { KeyEncryptionKeyError } from './key-encryption/key-encryption-error';
import { wrappedKeyRecord, type SubjectKeyLogWriter } from './key-log/subject-key-log';

export type SealOutcome = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly field: string };

/**
 * Encrypts the personal content of events before they go to Kafka, each with
 * its subject's data key. A new key is wrapped under the current key-encryption
 * key, stored, and published to the subject-keys topic — acknowledged by Kafka —
 * before any event sealed with it is handed back: a sealed event on the log
 * always has its key on the log. Unwrapped keys are cached briefly: an erasure
 * reaches new writes within `cacheMs` (the projector erases anything later anyway).
 */
export class EventSealer {
  private readonly cache = new Map<string, { key: Buffer | null; until: number }>();

  constructor(
    private readonly keys: SubjectKeyRepository,
    private readonly ring: KeyEncryptionKeyRing,
    private readonly keyLog: SubjectKeyLogWriter,
    private readonly cacheMs = 60_000,
  ) {}

  async seal(events: readonly HindsightEvent[], now = Date.now()): Promise<SealOutcome[]> {
    const refs = events.map((e) => {
      const subject = personalSubjectOf(e.type, e.data);
      return subject ? ({ tenant: e.tenant, ...subject } as SubjectRef) : undefined;
    });
    const missing = uniqueRefs(refs.filter((r): r is SubjectRef => r !== undefined && !((this.cache.get(subjectRefKey(r))?.until ?? 0) > now)));
    if (missing.length > 0) {
      for (const [k, key] of await this.load(missing, now)) this.cache.set(k, { key, until: now + this.cacheMs });
      if (this.cache.size > 100_000) this.cache.clear();
    }
    return events.map((event, i) => {
      const ref = refs[i];
      if (!ref) return { ok: true, value: JSON.stringify(event) };
      const key = this.cache.get(subjectRefKey(ref))?.key;
      if (!key) return { ok: false, field: `data.${personalSubjectDeclarationOf(event.type)?.field ?? ref.kind}` };
      return { ok: true, value: JSON.stringify({ ...event, data: sealData(event.data, key, { kind: ref.kind, id: ref.id }, associatedDataOf(event)) }) };
    });
  }

  /** The data keys of `refs` (null: destroyed), creating and publishing the ones that do not exist yet. */
  private async load(refs: readonly SubjectRef[], now: number): Promise<Map<string, Buffer | null>> {
    let stored = await this.keys.find(refs);
    const absent = refs.filter((r) => !stored.has(subjectRefKey(r)));
    if (absent.length > 0) {
      const kek = this.ring.current();
      const wrappedAt = new Date(now).toISOString();
      await this.keys.insertIfAbsent(absent.map((ref) => ({ ref, kekId: kek.id, wrapped: wrapDataKey(randomBytes(32), kek, ref), wrappedAt })));
      stored = await this.keys.find(refs);
    }
    const unpublished = [...stored.values()].filter((s) => !s.destroyed && !s.onLog).map((s) => s.ref);
    if (unpublished.length > 0) {
      await this.keys.publishUnpublished(unpublished, (keys) => this.keyLog(keys.map((k) => wrappedKeyRecord(k.ref, k.kekId, k.wrapped, k.wrappedAt))));
    }
    const result = new Map<string, Buffer | null>();
    for (const [k, s] of stored) {
      if (s.destroyed) {
        result.set(k, null);
        continue;
      }
      const kek = this.ring.byId(s.kekId);
      if (!kek) throw new KeyEncryptionKeyError(this.ring.origin, `the subject keys are wrapped under ${s.kekId}, which this key ring does not hold`);
      try {
        result.set(k, unwrapDataKey(s.wrapped, kek, s.ref));
      } catch {
        throw new KeyEncryptionKeyError(this.ring.origin, `the key ${s.kekId} does not open the stored subject key of ${s.ref.kind} ${s.ref.id}`);
      }
    }
    return result;
  }
}

function uniqueRefs(refs: readonly SubjectRef[]): SubjectRef[] {
  return [...new Map(refs.map((r) => [subjectRefKey(r), r])).values()];
}
