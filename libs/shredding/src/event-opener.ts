import { subjectRefKey, type SubjectKeyRepository, type SubjectRef } from '@hindsight/store';
import { associatedDataOf, isSealedData, openData } from './sealed-data';

export type OpenedValue =
  | { readonly kind: 'plain'; readonly value: Record<string, unknown> }
  | { readonly kind: 'erased'; readonly value: Record<string, unknown> }
  | { readonly kind: 'unreadable'; readonly reason: string };

/**
 * Decrypts the sealed data of consumed events with their subjects' keys (one
 * query per batch). A destroyed key means the subject was erased: the event
 * becomes a tombstone (its envelope, with `data: { erased: true }`).
 */
export class EventOpener {
  constructor(private readonly keys: SubjectKeyRepository) {}

  async open(values: readonly unknown[]): Promise<OpenedValue[]> {
    const refs: SubjectRef[] = [];
    for (const v of values) {
      const data = (v as { data?: unknown } | null)?.data;
      if (isSealedData(data)) refs.push({ tenant: String((v as { tenant?: unknown }).tenant), kind: data.$sealed.key.kind, id: data.$sealed.key.id });
    }
    const keys = await this.keys.get(refs);
    return values.map((v): OpenedValue => {
      const envelope = v as Record<string, unknown>;
      if (!isSealedData(envelope.data)) return { kind: 'plain', value: envelope };
      const ref = envelope.data.$sealed.key;
      const key = keys.get(subjectRefKey({ tenant: String(envelope.tenant), kind: ref.kind, id: ref.id }));
      if (key === undefined) return { kind: 'unreadable', reason: `data: sealed with a key this store does not have (${ref.kind} ${ref.id})` };
      if (key === null) return { kind: 'erased', value: { ...envelope, data: { erased: true } } };
      try {
        return { kind: 'plain', value: { ...envelope, data: openData(envelope.data, key, associatedDataOf(envelope as { tenant: string; type: string; id: string })) } };
      } catch {
        return { kind: 'unreadable', reason: 'data: the sealed data does not open with its subject key (altered or moved)' };
      }
    });
  }
}
