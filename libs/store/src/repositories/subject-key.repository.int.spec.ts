import { randomBytes } from 'node:crypto';
import { migratedSchemaFixture } from '../testing/migrated-schema-fixture';
import { SubjectKeyRepository, subjectRefKey, type SubjectRef } from './subject-key.repository';

/** The rows of keys the api made on the log while PostgreSQL was down, written once it is back. */
describe('SubjectKeyRepository.insertPublished', () => {
  const dataSource = migratedSchemaFixture('keys_published');
  const keys = new SubjectKeyRepository(dataSource);
  const ref = (id: string): SubjectRef => ({ tenant: 'acme', kind: 'rater', id });
  const wrapping = (id: string, wrappedAt: string) => ({
    ref: ref(id),
    kekId: 'kek-1',
    wrapped: randomBytes(60),
    wrappedAt,
  });

  it('writes a new row on the log, replaces a key that never reached the log, and keeps a row on the log or destroyed', async () => {
    const later = '2026-03-01T10:00:00.000Z';
    // r-unpublished: made just before the database went away, never published (nothing was sealed with it).
    await keys.insertIfAbsent([wrapping('r-unpublished', '2026-03-01T09:00:00.000Z')]);
    // r-on-log: the projector's catch-up already wrote it from the topic.
    const onLog = wrapping('r-on-log', '2026-03-01T09:00:00.000Z');
    await keys.applyLogRecords([onLog], 'test-group', { topic: 't', partition: 0, nextOffset: '1' });
    await keys.applyLogRecords([{ ref: ref('r-destroyed'), destroyedAt: '2026-03-01T09:30:00.000Z' }], 'test-group', {
      topic: 't',
      partition: 0,
      nextOffset: '2',
    });

    const published = ['r-new', 'r-unpublished', 'r-on-log', 'r-destroyed'].map((id) => wrapping(id, later));
    await keys.insertPublished(published);
    await keys.insertPublished(published);
    const stored = await keys.find(published.map((p) => p.ref));
    const of = (id: string) => stored.get(subjectRefKey(ref(id)));
    expect(of('r-new')).toMatchObject({
      destroyed: false,
      onLog: true,
      wrappedAt: later,
      wrapped: published[0].wrapped,
    });
    expect(of('r-unpublished')).toMatchObject({
      destroyed: false,
      onLog: true,
      wrappedAt: later,
      wrapped: published[1].wrapped,
    });
    expect(of('r-on-log')).toMatchObject({ destroyed: false, onLog: true, wrapped: onLog.wrapped });
    expect(of('r-destroyed')).toEqual({ ref: ref('r-destroyed'), destroyed: true });
  });
});

/**
 * Two api requests making the keys of the same new subjects at once (two batches of one new tenant's raters, in
 * other orders): each statement inserts its rows in one order, so two statements that met the same rows in
 * opposite orders waited for each other, and PostgreSQL ended one with "deadlock detected" (a 500 for its whole
 * batch; seen in the faults suite's projector-kill on 2026-12-07). Rows go in in key order now.
 */
describe('SubjectKeyRepository: concurrent inserts of the same new subjects', () => {
  const dataSource = migratedSchemaFixture('keys_concurrent');
  const keys = new SubjectKeyRepository(dataSource);

  it('never deadlocks two statements that insert the same subjects in opposite orders', async () => {
    for (let round = 0; round < 4; round++) {
      const refs = Array.from({ length: 3000 }, (_, i): SubjectRef => ({
        tenant: 'acme',
        kind: 'rater',
        id: `r${round}-${String(i).padStart(5, '0')}`,
      }));
      const rows = (order: readonly SubjectRef[]) =>
        order.map((ref) => ({ ref, kekId: 'kek-1', wrapped: randomBytes(60), wrappedAt: '2026-03-01T09:00:00.000Z' }));
      const results = await Promise.allSettled([
        keys.insertIfAbsent(rows(refs)),
        keys.insertIfAbsent(rows([...refs].reverse())),
        keys.insertPublished(rows([...refs.slice(1500), ...refs.slice(0, 1500)])),
      ]);
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect((await keys.find(refs)).size).toBe(3000);
    }
  });
});
