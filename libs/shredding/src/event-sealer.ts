import { randomBytes } from 'node:crypto';
import { personalSubjectDeclarationOf, UnavailableError, type HindsightEvent } from '@hindsight/contracts';
import { postgresUnavailableReason, subjectRefKey, type SubjectKeyRepository, type SubjectRef } from '@hindsight/store';
import { personalSubjectOf } from './personal-subject';
import { associatedDataOf, sealedDataJson } from './sealed-data';
import type { KeyEncryptionKeyRing } from './key-encryption/key-ring';
import { unwrapDataKey, wrapDataKey } from './key-encryption/wrap-data-key';
import { KeyEncryptionKeyError } from './key-encryption/key-encryption-error';
import { wrappedKeyRecord, type SubjectKeyLogWriter } from './key-log/subject-key-log';
import { isDestroyed, type WrappedKeyRecord } from './key-log/subject-key-record';
import type { SubjectKeyLogSource } from './key-log/subject-key-log-index';

export type SealOutcome =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly field: string };

/**
 * Encrypts the personal content of events before they go to Kafka, each with
 * its subject's data key. A new key is wrapped under the current key-encryption
 * key, stored, and published to the subject-keys topic — acknowledged by Kafka —
 * before any event sealed with it is handed back: a sealed event on the log
 * always has its key on the log. Unwrapped keys are cached briefly: an erasure
 * reaches new writes within `cacheMs` (the projector erases anything later anyway).
 *
 * While PostgreSQL cannot be reached (with a `logSource`): a cached key is used
 * however old; another subject's key is read from the subject-keys topic (read
 * into memory from the first miss of the outage on, 503 until it is caught up);
 * a subject the topic has no key for gets a new one, published there first and
 * written to the database before anything else once it answers again.
 */
export class EventSealer {
  private readonly cache = new Map<string, { key: Buffer | null; until: number }>();

  constructor(
    private readonly keys: SubjectKeyRepository,
    private readonly ring: KeyEncryptionKeyRing,
    private readonly keyLog: SubjectKeyLogWriter,
    private readonly cacheMs = 60_000,
    private readonly logSource?: SubjectKeyLogSource,
  ) {}

  /** Keys made from the log while the database was down, whose rows are not written yet. */
  private unstored: WrappedKeyRecord[] = [];

  /** `dataJsons[i]`, when given, is `JSON.stringify(events[i].data)` already made by the caller: it is encrypted as it is. */
  async seal(
    events: readonly HindsightEvent[],
    now = Date.now(),
    dataJsons?: readonly string[],
  ): Promise<SealOutcome[]> {
    // Each event's subject and its cache key, made once (the key string is what the cache is looked up by).
    const refs: (SubjectRef | undefined)[] = new Array<SubjectRef | undefined>(events.length);
    const cacheKeys: (string | undefined)[] = new Array<string | undefined>(events.length);
    const missing = new Map<string, SubjectRef>();
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      const subject = personalSubjectOf(e.type, e.data);
      if (!subject) continue;
      const ref: SubjectRef = { tenant: e.tenant, kind: subject.kind, id: subject.id };
      const cacheKey = subjectRefKey(ref);
      refs[i] = ref;
      cacheKeys[i] = cacheKey;
      if (!((this.cache.get(cacheKey)?.until ?? 0) > now) && !missing.has(cacheKey)) missing.set(cacheKey, ref);
    }
    if (missing.size > 0) {
      let loaded: Map<string, Buffer | null>;
      try {
        loaded = await this.load([...missing.values()], now);
      } catch (error) {
        if (this.logSource === undefined || postgresUnavailableReason(error) === undefined) throw error;
        loaded = await this.loadFromLog([...missing.values()], now);
      }
      for (const [k, key] of loaded) this.cache.set(k, { key, until: now + this.cacheMs });
      if (this.cache.size > 100_000) this.cache.clear();
    }
    return events.map((event, i) => {
      const ref = refs[i];
      if (!ref) return { ok: true, value: JSON.stringify(event) };
      const key = this.cache.get(cacheKeys[i]!)?.key;
      if (!key) return { ok: false, field: `data.${personalSubjectDeclarationOf(event.type)?.field ?? ref.kind}` };
      return {
        ok: true,
        value: sealedEventJson(
          event,
          sealedDataJson(key, ref, associatedDataOf(event), dataJsons?.[i] ?? JSON.stringify(event.data)),
        ),
      };
    });
  }

  /** The data keys of `refs` (null: destroyed), creating and publishing the ones that do not exist yet. */
  private async load(refs: readonly SubjectRef[], now: number): Promise<Map<string, Buffer | null>> {
    if (this.unstored.length > 0) {
      // Before any key is looked up in the database: a subject without its row there would get a second key.
      const rows = this.unstored;
      await this.keys.insertPublished(
        rows.map((r) => ({
          ref: { tenant: r.tenant, kind: r.kind, id: r.id },
          kekId: r.kekId,
          wrapped: Buffer.from(r.wrappedKey, 'base64'),
          wrappedAt: r.wrappedAt,
        })),
      );
      this.unstored = this.unstored.filter((r) => !rows.includes(r));
    }
    let stored = await this.keys.find(refs);
    const absent = refs.filter((r) => !stored.has(subjectRefKey(r)));
    if (absent.length > 0) {
      const kek = this.ring.current();
      const wrappedAt = new Date(now).toISOString();
      await this.keys.insertIfAbsent(
        absent.map((ref) => ({ ref, kekId: kek.id, wrapped: wrapDataKey(randomBytes(32), kek, ref), wrappedAt })),
      );
      stored = await this.keys.find(refs);
    }
    const unpublished = [...stored.values()].filter((s) => !s.destroyed && !s.onLog).map((s) => s.ref);
    if (unpublished.length > 0) {
      await this.keys.publishUnpublished(unpublished, (keys) =>
        this.keyLog(keys.map((k) => wrappedKeyRecord(k.ref, k.kekId, k.wrapped, k.wrappedAt))),
      );
    }
    this.logSource?.close();
    const result = new Map<string, Buffer | null>();
    for (const [k, s] of stored) {
      if (s.destroyed) {
        result.set(k, null);
        continue;
      }
      result.set(k, this.unwrap(s.ref, s.kekId, s.wrapped));
    }
    return result;
  }

  /** `load` while the database is down: the cached keys however old, the others from the subject-keys topic. */
  private async loadFromLog(refs: readonly SubjectRef[], now: number): Promise<Map<string, Buffer | null>> {
    const result = new Map<string, Buffer | null>();
    const uncached: SubjectRef[] = [];
    for (const ref of refs) {
      const held = this.cache.get(subjectRefKey(ref));
      if (held) result.set(subjectRefKey(ref), held.key);
      else uncached.push(ref);
    }
    if (uncached.length === 0) return result;
    const index = this.logSource!.open();
    if (index === undefined)
      throw new UnavailableError(
        'postgres',
        'PostgreSQL cannot be reached and the subject-keys topic is still being read; retry',
        2,
      );
    const created: WrappedKeyRecord[] = [];
    for (const ref of uncached) {
      const record = index.get(ref);
      if (record && isDestroyed(record)) result.set(subjectRefKey(ref), null);
      else if (record)
        result.set(subjectRefKey(ref), this.unwrap(ref, record.kekId, Buffer.from(record.wrappedKey, 'base64')));
      else {
        const kek = this.ring.current();
        const key = randomBytes(32);
        created.push(wrappedKeyRecord(ref, kek.id, wrapDataKey(key, kek, ref), new Date(now).toISOString()));
        result.set(subjectRefKey(ref), key);
      }
    }
    if (created.length > 0) {
      await this.keyLog(created);
      created.forEach((r) => index.apply(r));
      this.unstored.push(...created);
    }
    return result;
  }

  private unwrap(ref: SubjectRef, kekId: string, wrapped: Buffer): Buffer {
    const kek = this.ring.byId(kekId);
    if (!kek)
      throw new KeyEncryptionKeyError(
        this.ring.origin,
        `the subject keys are wrapped under ${kekId}, which this key ring does not hold`,
      );
    try {
      return unwrapDataKey(wrapped, kek, ref);
    } catch {
      throw new KeyEncryptionKeyError(
        this.ring.origin,
        `the key ${kekId} does not open the stored subject key of ${ref.kind} ${ref.id}`,
      );
    }
  }
}

const DATA_LAST = ',"data":0}';

/**
 * `JSON.stringify({ ...event, data })` for `data` already serialised: the envelope without its data
 * (which comes last, as `sealEvent` builds it) is serialised and the sealed text put in its place.
 */
function sealedEventJson(event: HindsightEvent, dataJson: string): string {
  const shell = JSON.stringify({ ...event, data: 0 });
  if (shell.endsWith(DATA_LAST)) return `${shell.slice(0, -DATA_LAST.length)},"data":${dataJson}}`;
  return JSON.stringify({ ...event, data: JSON.parse(dataJson) as unknown });
}
