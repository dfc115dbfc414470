import { randomBytes } from 'node:crypto';
import {
  exampleEventInputs,
  formatUuidV7,
  HindsightError,
  sealEvent,
  validateEventInput,
  type HindsightEvent,
} from '@hindsight/contracts';
import { subjectRefKey, type StoredSubjectKey, type SubjectKeyRepository, type SubjectRef } from '@hindsight/store';
import { EventSealer } from './event-sealer';
import { associatedDataOf, openData, type SealedData } from './sealed-data';
import { unwrapDataKey, wrapDataKey } from './key-encryption/wrap-data-key';
import { generateKeyEncryptionKey } from './key-encryption/local-key-ring';
import { keyRingOf } from './key-encryption/key-ring';
import { SubjectKeyLogIndex } from './key-log/subject-key-log-index';
import { destroyedKeyRecord, wrappedKeyRecord } from './key-log/subject-key-log';
import type { SubjectKeyRecord } from './key-log/subject-key-record';

const comparisonBy = (raterId: string): HindsightEvent => {
  const example = structuredClone(exampleEventInputs['comparison.recorded']) as unknown as {
    data: Record<string, unknown>;
  };
  const input = validateEventInput({
    ...example,
    idempotencyKey: `k-${raterId}`,
    data: { ...example.data, queueId: undefined, assignmentId: undefined, raterId },
  });
  return sealEvent(input, {
    id: formatUuidV7(Date.now(), randomBytes(10)),
    recordedAt: new Date().toISOString(),
    tenant: 'acme',
    source: 'test',
  }) as HindsightEvent;
};
const rater = (id: string): SubjectRef => ({ tenant: 'acme', kind: 'rater', id });
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** An in-memory subject_keys table that can be taken down, and the calls made to it. */
function fakes() {
  const kek = generateKeyEncryptionKey();
  const ring = keyRingOf([kek], 'test');
  const rows = new Map<string, StoredSubjectKey>();
  const calls: string[] = [];
  const state = { down: false };
  const guard = (name: string) => {
    calls.push(name);
    if (state.down) throw refused();
  };
  const repository = {
    find: async (refs: readonly SubjectRef[]) => {
      guard('find');
      return new Map(
        refs.filter((r) => rows.has(subjectRefKey(r))).map((r) => [subjectRefKey(r), rows.get(subjectRefKey(r))!]),
      );
    },
    insertIfAbsent: async (keys: { ref: SubjectRef; kekId: string; wrapped: Buffer; wrappedAt: string }[]) => {
      guard('insertIfAbsent');
      for (const k of keys)
        if (!rows.has(subjectRefKey(k.ref))) rows.set(subjectRefKey(k.ref), { ...k, destroyed: false, onLog: false });
    },
    insertPublished: async (keys: { ref: SubjectRef; kekId: string; wrapped: Buffer; wrappedAt: string }[]) => {
      guard('insertPublished');
      for (const k of keys)
        if (!rows.has(subjectRefKey(k.ref))) rows.set(subjectRefKey(k.ref), { ...k, destroyed: false, onLog: true });
    },
    publishUnpublished: async (
      refs: readonly SubjectRef[],
      publish: (keys: Extract<StoredSubjectKey, { destroyed: false }>[]) => Promise<void>,
    ) => {
      guard('publishUnpublished');
      const unpublished = refs
        .map((r) => rows.get(subjectRefKey(r)))
        .filter(
          (s): s is Extract<StoredSubjectKey, { destroyed: false }> => s !== undefined && !s.destroyed && !s.onLog,
        );
      if (unpublished.length === 0) return;
      await publish(unpublished);
      for (const s of unpublished) rows.set(subjectRefKey(s.ref), { ...s, onLog: true });
    },
  } as unknown as SubjectKeyRepository;
  const published: SubjectKeyRecord[] = [];
  const index = new SubjectKeyLogIndex();
  const source = { caughtUp: false, opened: 0, closed: 0 };
  const logSource = {
    open: () => {
      source.opened++;
      return source.caughtUp ? index : undefined;
    },
    close: () => {
      source.closed++;
    },
  };
  const sealer = new EventSealer(
    repository,
    ring,
    async (records) => void published.push(...records),
    60_000,
    logSource,
  );
  return { sealer, kek, rows, calls, state, published, index, source };
}

describe('EventSealer values', () => {
  it('writes the JSON of the event with its data sealed: the same fields in the same order, and the data opens', async () => {
    const { sealer, kek, rows } = fakes();
    const event = comparisonBy('r-json.1');
    const [outcome] = await sealer.seal([event]);
    if (!outcome.ok) throw new Error('not sealed');
    const value = JSON.parse(outcome.value) as HindsightEvent & { data: SealedData };
    // What the sealer wrote before it wrote the text directly: JSON.stringify({ ...event, data: sealData(…) }).
    expect(outcome.value).toBe(JSON.stringify({ ...event, data: value.data }));
    expect(Object.keys(value)).toEqual(Object.keys(event));
    expect(Object.keys(value.data.$sealed)).toEqual(['alg', 'key', 'iv', 'tag', 'ciphertext']);
    expect(value.data.$sealed.key).toEqual({ kind: 'rater', id: 'r-json.1' });
    const stored = rows.get(subjectRefKey(rater('r-json.1')));
    if (stored === undefined || stored.destroyed) throw new Error('no stored key');
    const key = unwrapDataKey(stored.wrapped, kek, rater('r-json.1'));
    expect(openData(value.data, key, associatedDataOf(event))).toEqual(event.data);
  });
});

describe('EventSealer while PostgreSQL is down', () => {
  it('uses a cached key however old, without asking the log', async () => {
    const { sealer, state, source } = fakes();
    const [before] = await sealer.seal([comparisonBy('r1')], 0);
    expect(before.ok).toBe(true);
    state.down = true;
    const [after] = await sealer.seal([comparisonBy('r1')], 10 * 60_000);
    expect(after.ok).toBe(true);
    expect(source.opened).toBe(0);
  });

  it('answers 503 for a subject it has no key of until the subject-keys topic is read, then takes its key from there', async () => {
    const { sealer, kek, state, source, index, published } = fakes();
    state.down = true;
    const error = await sealer.seal([comparisonBy('r2')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HindsightError);
    expect((error as HindsightError).code).toBe('unavailable');
    source.caughtUp = true;
    index.apply(
      wrappedKeyRecord(rater('r2'), kek.id, wrapDataKey(randomBytes(32), kek, rater('r2')), new Date().toISOString()),
    );
    index.apply(destroyedKeyRecord(rater('gone'), new Date().toISOString()));
    const [known, erased] = await sealer.seal([comparisonBy('r2'), comparisonBy('gone')]);
    expect(known.ok).toBe(true);
    expect(erased).toEqual({ ok: false, field: 'data.raterId' });
    expect(published).toEqual([]);
  });

  it("creates a new subject's key on the log first, and writes its row before anything else once the database is back", async () => {
    const { sealer, state, source, index, published, rows, calls } = fakes();
    state.down = true;
    source.caughtUp = true;
    const [sealed] = await sealer.seal([comparisonBy('r3')], 0);
    expect(sealed.ok).toBe(true);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ tenant: 'acme', kind: 'rater', id: 'r3' });
    expect(index.get(rater('r3'))).toEqual(published[0]);
    expect(rows.size).toBe(0);

    state.down = false;
    calls.length = 0;
    // Past the cache: the key is looked up again, and its row must be there first or a second key would be made.
    await sealer.seal([comparisonBy('r3')], 2 * 60_000);
    expect(calls.slice(0, 2)).toEqual(['insertPublished', 'find']);
    expect(rows.get(subjectRefKey(rater('r3')))).toMatchObject({
      destroyed: false,
      onLog: true,
      wrappedAt: (published[0] as { wrappedAt: string }).wrappedAt,
    });
    expect(published).toHaveLength(1);
    expect(source.closed).toBeGreaterThan(0);
  });

  it('passes on any other database failure', async () => {
    const { sealer, rows } = fakes();
    (rows as unknown as { has: () => never }).has = () => {
      throw new Error('syntax error at or near "SELEC"');
    };
    await expect(sealer.seal([comparisonBy('r4')])).rejects.toThrow(/syntax error/);
  });
});
