import { randomBytes } from 'node:crypto';
import { subjectRefKey, type StoredSubjectKey, type SubjectKeyRepository, type SubjectRef } from '@hindsight/store';
import { EventOpener } from './event-opener';
import { keyRingOf } from './key-encryption/key-ring';
import { generateKeyEncryptionKey } from './key-encryption/local-key-ring';
import { wrapDataKey } from './key-encryption/wrap-data-key';
import { associatedDataOf, sealData } from './sealed-data';

/**
 * The opener keeps keys it unwrapped between batches; whether a key is destroyed is still read for every
 * batch, so an erasure takes effect on the next batch, and a key wrapped again (rotation) is unwrapped again.
 */
describe('EventOpener across batches', () => {
  const ref: SubjectRef = { tenant: 'acme', kind: 'rater', id: 'rater-7' };
  const dataKey = randomBytes(32);
  const oldKek = generateKeyEncryptionKey();
  const newKek = generateKeyEncryptionKey();
  const envelope = { id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f', tenant: 'acme', type: 'comparison.recorded' };
  const event = {
    ...envelope,
    data: sealData({ prompt: 'é\u{1F600} hello' }, dataKey, ref, associatedDataOf(envelope)),
  };

  /** A repository whose stored key the test changes between batches; counts lookups of each subject. */
  function repository(initial: StoredSubjectKey) {
    let stored = initial;
    const asked: number[] = [];
    const keys = {
      find: async (refs: readonly SubjectRef[]) => {
        asked.push(refs.length);
        return new Map(refs.map((r) => [subjectRefKey(r), stored]));
      },
    } as unknown as SubjectKeyRepository;
    return { keys, asked, set: (next: StoredSubjectKey) => (stored = next) };
  }
  const wrappedUnder = (kek: typeof oldKek): StoredSubjectKey => ({
    ref,
    destroyed: false,
    kekId: kek.id,
    wrapped: wrapDataKey(dataKey, kek, ref),
    wrappedAt: '2026-03-01T10:00:00.000Z',
    onLog: true,
  });

  it('opens every event of a batch with one lookup of the subject, then sees the key destroyed on the next batch', async () => {
    const repo = repository(wrappedUnder(oldKek));
    const opener = new EventOpener(repo.keys, keyRingOf([oldKek], 'test'));

    const first = await opener.open([event, event, event]);
    expect(first.map((o) => o.kind)).toEqual(['plain', 'plain', 'plain']);
    expect(first[0]).toEqual({
      kind: 'plain',
      value: { ...envelope, data: { prompt: 'é\u{1F600} hello' } },
      dataMayHoldUnstorable: false,
    });
    expect(repo.asked).toEqual([1]);

    // The opened text is screened while at hand: a NUL's escape in it is told, for the consumer to walk the strings.
    const withNul = { ...envelope, data: sealData({ prompt: 'a\u0000b' }, dataKey, ref, associatedDataOf(envelope)) };
    expect((await opener.open([withNul]))[0]).toMatchObject({ kind: 'plain', dataMayHoldUnstorable: true });

    repo.set({ ref, destroyed: true, destroyedAt: '2026-03-02T10:00:00.000Z' } as unknown as StoredSubjectKey);
    const second = await opener.open([event]);
    expect(second).toEqual([{ kind: 'erased', value: { ...event, data: { erased: true } } }]);
  });

  it('still opens after the key is wrapped again under another key-encryption key, and refuses a key-encryption key the ring no longer holds', async () => {
    const repo = repository(wrappedUnder(oldKek));
    const opener = new EventOpener(repo.keys, keyRingOf([newKek, oldKek], 'test'));
    expect((await opener.open([event]))[0].kind).toBe('plain');

    repo.set(wrappedUnder(newKek));
    expect((await opener.open([event]))[0].kind).toBe('plain');

    // A key kept from an earlier batch must not stand in for a key-encryption key that has left the ring.
    const held = new Set([oldKek.id]);
    const ring = { ...keyRingOf([oldKek], 'test'), byId: (id: string) => (held.has(id) ? oldKek : undefined) };
    const withRing = new EventOpener(repository(wrappedUnder(oldKek)).keys, ring);
    expect((await withRing.open([event]))[0].kind).toBe('plain');
    held.delete(oldKek.id);
    await expect(withRing.open([event])).rejects.toThrow(/does not hold/);
  });
});
