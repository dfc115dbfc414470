import type { HindsightEvent } from '@hindsight/contracts';
import { subjectRefKey, type SubjectKeyRepository, type SubjectRef } from '@hindsight/store';
import { personalSubjectOf } from './personal-subject';
import { associatedDataOf, sealData } from './sealed-data';

export type SealOutcome = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly field: string };

/**
 * Encrypts the personal content of events before they go to Kafka, each with
 * its subject's key (created on first use). Keys are cached briefly: an erasure
 * reaches new writes within `cacheMs` (the projector erases anything later anyway).
 */
export class EventSealer {
  private readonly cache = new Map<string, { key: Buffer | null; until: number }>();

  constructor(private readonly keys: SubjectKeyRepository, private readonly cacheMs = 60_000) {}

  async seal(events: readonly HindsightEvent[], now = Date.now()): Promise<SealOutcome[]> {
    const refs = events.map((e) => {
      const subject = personalSubjectOf(e.type, e.data);
      return subject ? ({ tenant: e.tenant, ...subject } as SubjectRef) : undefined;
    });
    const missing = refs.filter((r): r is SubjectRef => r !== undefined && !((this.cache.get(subjectRefKey(r))?.until ?? 0) > now));
    if (missing.length > 0) {
      for (const [k, key] of await this.keys.getOrCreate(missing)) this.cache.set(k, { key, until: now + this.cacheMs });
      if (this.cache.size > 100_000) this.cache.clear();
    }
    return events.map((event, i) => {
      const ref = refs[i];
      if (!ref) return { ok: true, value: JSON.stringify(event) };
      const key = this.cache.get(subjectRefKey(ref))?.key;
      if (!key) return { ok: false, field: ref.kind === 'rater' ? 'data.raterId' : 'data.interactionId' };
      return { ok: true, value: JSON.stringify({ ...event, data: sealData(event.data, key, { kind: ref.kind, id: ref.id }, associatedDataOf(event)) }) };
    });
  }
}
