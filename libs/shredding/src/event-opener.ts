import { subjectRefKey, type SubjectKeyRepository, type SubjectRef } from '@hindsight/store';
import { mayHoldUnstorableStrings } from '@hindsight/contracts';
import { associatedDataOf, isSealedData, openDataText } from './sealed-data';
import type { KeyEncryptionKeyRing } from './key-encryption/key-ring';
import { unwrapDataKey } from './key-encryption/wrap-data-key';
import { KeyEncryptionKeyError } from './key-encryption/key-encryption-error';

/** Enough for every subject of a busy platform's recent batches; past it the memo starts again. */
const MAX_UNWRAPPED_KEYS = 100_000;

export type OpenedValue =
  | {
      readonly kind: 'plain';
      readonly value: Record<string, unknown>;
      /**
       * Set when sealed data was opened: whether its opened text showed an escape of a NUL or a lone
       * surrogate (`mayHoldUnstorableStrings`), told while the text is at hand so it is not kept.
       */
      readonly dataMayHoldUnstorable?: boolean;
    }
  | { readonly kind: 'erased'; readonly value: Record<string, unknown> }
  | { readonly kind: 'unreadable'; readonly reason: string; readonly missingKey?: SubjectRef };

/**
 * Decrypts the sealed data of consumed events with their subjects' keys (one
 * query per batch), unwrapping each key with the key-encryption key it names. A
 * destroyed key means the subject was erased: the event becomes a tombstone (its
 * envelope, with `data: { erased: true }`). A key-encryption key that is missing
 * or wrong is not the event's fault: it throws `KeyEncryptionKeyError` instead of
 * marking events unreadable, so nothing is dead-lettered for it.
 */
export class EventOpener {
  constructor(
    private readonly keys: SubjectKeyRepository,
    private readonly ring: KeyEncryptionKeyRing,
  ) {}

  /**
   * Data keys already unwrapped, by subject and wrapped bytes: unwrapping is a pure function of
   * those, and a batch names the same few subjects again and again. Whether a key is destroyed is
   * still read from the database for every batch; a destroyed key's entry is dropped.
   */
  private readonly unwrappedKeys = new Map<string, { readonly from: string; readonly key: Buffer }>();

  async open(values: readonly unknown[]): Promise<OpenedValue[]> {
    // Each subject once: a batch holds many events of the same raters.
    const refs = new Map<string, SubjectRef>();
    for (const v of values) {
      const data = (v as { data?: unknown } | null)?.data;
      if (!isSealedData(data)) continue;
      const ref = {
        tenant: String((v as { tenant?: unknown }).tenant),
        kind: data.$sealed.key.kind,
        id: data.$sealed.key.id,
      };
      const key = subjectRefKey(ref);
      if (!refs.has(key)) refs.set(key, ref);
    }
    const stored = await this.keys.find([...refs.values()]);
    const unwrapped = new Map<string, Buffer | null>();
    for (const [k, s] of stored) {
      if (s.destroyed) {
        this.unwrappedKeys.delete(k);
        unwrapped.set(k, null);
        continue;
      }
      const kek = this.ring.byId(s.kekId);
      if (!kek)
        throw new KeyEncryptionKeyError(
          this.ring.origin,
          `subject keys are wrapped under ${s.kekId}, which this key ring does not hold`,
        );
      const from = `${s.kekId}\u0000${s.wrapped.toString('base64')}`;
      const known = this.unwrappedKeys.get(k);
      if (known?.from === from) {
        unwrapped.set(k, known.key);
        continue;
      }
      try {
        const key = unwrapDataKey(s.wrapped, kek, s.ref);
        unwrapped.set(k, key);
        if (this.unwrappedKeys.size >= MAX_UNWRAPPED_KEYS) this.unwrappedKeys.clear();
        this.unwrappedKeys.set(k, { from, key });
      } catch {
        throw new KeyEncryptionKeyError(
          this.ring.origin,
          `the key ${s.kekId} does not open the stored subject key of ${s.ref.kind} ${s.ref.id}`,
        );
      }
    }
    return values.map((v): OpenedValue => {
      const envelope = v as Record<string, unknown>;
      if (!isSealedData(envelope?.data)) return { kind: 'plain', value: envelope };
      const ref = {
        tenant: String(envelope.tenant),
        kind: envelope.data.$sealed.key.kind,
        id: envelope.data.$sealed.key.id,
      };
      const key = unwrapped.get(subjectRefKey(ref));
      if (key === undefined)
        return {
          kind: 'unreadable',
          reason: `data: sealed with a key this store does not have (${ref.kind} ${ref.id})`,
          missingKey: ref,
        };
      if (key === null) return { kind: 'erased', value: { ...envelope, data: { erased: true } } };
      try {
        const text = openDataText(
          envelope.data,
          key,
          associatedDataOf(envelope as { tenant: string; type: string; id: string }),
        );
        return {
          kind: 'plain',
          value: { ...envelope, data: JSON.parse(text) },
          dataMayHoldUnstorable: mayHoldUnstorableStrings(text),
        };
      } catch {
        return {
          kind: 'unreadable',
          reason: 'data: the sealed data does not open with its subject key (altered or moved)',
        };
      }
    });
  }
}
