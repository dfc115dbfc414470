import { subjectRefKey, type SubjectKeyRepository, type SubjectRef } from '@hindsight/store';
import { associatedDataOf, isSealedData, openData } from './sealed-data';
import type { KeyEncryptionKeyRing } from './key-encryption/key-ring';
import { unwrapDataKey } from './key-encryption/wrap-data-key';
import { KeyEncryptionKeyError } from './key-encryption/key-encryption-error';

export type OpenedValue =
  | { readonly kind: 'plain'; readonly value: Record<string, unknown> }
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

  async open(values: readonly unknown[]): Promise<OpenedValue[]> {
    const refs: SubjectRef[] = [];
    for (const v of values) {
      const data = (v as { data?: unknown } | null)?.data;
      if (isSealedData(data))
        refs.push({
          tenant: String((v as { tenant?: unknown }).tenant),
          kind: data.$sealed.key.kind,
          id: data.$sealed.key.id,
        });
    }
    const stored = await this.keys.find(refs);
    const unwrapped = new Map<string, Buffer | null>();
    for (const [k, s] of stored) {
      if (s.destroyed) {
        unwrapped.set(k, null);
        continue;
      }
      const kek = this.ring.byId(s.kekId);
      if (!kek)
        throw new KeyEncryptionKeyError(
          this.ring.origin,
          `subject keys are wrapped under ${s.kekId}, which this key ring does not hold`,
        );
      try {
        unwrapped.set(k, unwrapDataKey(s.wrapped, kek, s.ref));
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
        return {
          kind: 'plain',
          value: {
            ...envelope,
            data: openData(
              envelope.data,
              key,
              associatedDataOf(envelope as { tenant: string; type: string; id: string }),
            ),
          },
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
