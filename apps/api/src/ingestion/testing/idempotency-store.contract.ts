import { randomUUID } from 'node:crypto';
import type { IdempotencyStore } from '../ingestion-ports';

/**
 * The behaviour of the ingestion use case's IdempotencyStore port, one spec per
 * implementation calls this: the in-memory fake
 * (in-memory-idempotency-store.unit.spec.ts) and IdempotencyRepository on a real
 * PostgreSQL (idempotency-repository.int.spec.ts). Each case has a tenant of its
 * own. `open` must give a store that reports a key another live claim holds as
 * in flight within a second; `expire` makes the leases of a tenant's pending
 * claims run out (their owner died), so the next claim of those keys takes them over.
 */
export function idempotencyStoreContract(
  open: () => Promise<IdempotencyStore>,
  dispose: () => Promise<void>,
  expire: (tenant: string) => Promise<void>,
): void {
  let store: IdempotencyStore;
  const tenant = () => `contract-${randomUUID().slice(0, 8)}`;
  const answer = (key: string) => ({ id: `event-of-${key}`, idempotencyKey: key, subject: { kind: 'x', id: '1' } });

  beforeAll(async () => {
    store = await open();
  }, 60_000);

  afterAll(() => dispose());

  it('claims keys never seen, reporting none existing or in flight', async () => {
    const claim = await store.claim(tenant(), [
      { key: 'a', requestHash: 'h-a' },
      { key: 'b', requestHash: 'h-b' },
    ]);
    expect([...claim.claimed].sort()).toEqual(['a', 'b']);
    expect(claim.existing.size).toBe(0);
    expect(claim.inFlight.size).toBe(0);
    expect(claim.resumed.size).toBe(0);
  });

  it('answers a completed key with its request hash and response, and claims it no more', async () => {
    const t = tenant();
    const first = await store.claim(t, [{ key: 'k', requestHash: 'h1' }]);
    expect(await first.complete([{ key: 'k', response: answer('k') }])).toEqual([]);
    const again = await store.claim(t, [
      { key: 'k', requestHash: 'other-hash' },
      { key: 'new', requestHash: 'h2' },
    ]);
    expect([...again.claimed]).toEqual(['new']);
    expect(again.existing.get('k')).toEqual({ key: 'k', requestHash: 'h1', response: answer('k') });
    expect(again.inFlight.size).toBe(0);
  });

  it('keeps tenants apart: the same key is claimed once in each', async () => {
    const [t1, t2] = [tenant(), tenant()];
    const first = await store.claim(t1, [{ key: 'shared', requestHash: 'h' }]);
    await first.complete([{ key: 'shared', response: answer('shared') }]);
    const other = await store.claim(t2, [{ key: 'shared', requestHash: 'h' }]);
    expect([...other.claimed]).toEqual(['shared']);
    expect(other.existing.size).toBe(0);
  });

  it('claims a key named twice in one request once, with the first request hash', async () => {
    const t = tenant();
    const claim = await store.claim(t, [
      { key: 'twice', requestHash: 'first' },
      { key: 'twice', requestHash: 'second' },
    ]);
    expect([...claim.claimed]).toEqual(['twice']);
    await claim.complete([{ key: 'twice', response: answer('twice') }]);
    expect((await store.claim(t, [{ key: 'twice', requestHash: 'x' }])).existing.get('twice')?.requestHash).toBe(
      'first',
    );
  });

  it('reports a key another live claim holds as in flight, not claimed', async () => {
    const t = tenant();
    const holder = await store.claim(t, [{ key: 'held', requestHash: 'h' }]);
    const second = await store.claim(t, [
      { key: 'held', requestHash: 'h' },
      { key: 'free', requestHash: 'h' },
    ]);
    expect([...second.inFlight]).toEqual(['held']);
    expect([...second.claimed]).toEqual(['free']);
    expect(second.existing.size).toBe(0);
    await holder.release();
    await second.release();
  });

  it('releases its claims so a retry claims the keys again', async () => {
    const t = tenant();
    const failed = await store.claim(t, [
      { key: 'r1', requestHash: 'h' },
      { key: 'r2', requestHash: 'h' },
    ]);
    await failed.release();
    const retry = await store.claim(t, [
      { key: 'r1', requestHash: 'h' },
      { key: 'r2', requestHash: 'h' },
    ]);
    expect([...retry.claimed].sort()).toEqual(['r1', 'r2']);
  });

  it('releases only the keys it names, and only keys it claimed', async () => {
    const t = tenant();
    const other = await store.claim(t, [{ key: 'theirs', requestHash: 'h' }]);
    const claim = await store.claim(t, [
      { key: 'keep', requestHash: 'h' },
      { key: 'drop', requestHash: 'h' },
    ]);
    await claim.release(['drop', 'theirs']);
    const probe = await store.claim(t, [
      { key: 'keep', requestHash: 'h' },
      { key: 'drop', requestHash: 'h' },
      { key: 'theirs', requestHash: 'h' },
    ]);
    expect([...probe.claimed]).toEqual(['drop']);
    expect([...probe.inFlight].sort()).toEqual(['keep', 'theirs']);
    await Promise.all([other.release(), claim.release(), probe.release()]);
  });

  it('leaves a completed key alone when its claim is released afterwards', async () => {
    const t = tenant();
    const claim = await store.claim(t, [{ key: 'done', requestHash: 'h' }]);
    await claim.complete([{ key: 'done', response: answer('done') }]);
    await claim.release();
    const again = await store.claim(t, [{ key: 'done', requestHash: 'h' }]);
    expect(again.claimed.size).toBe(0);
    expect(again.existing.get('done')?.response).toEqual(answer('done'));
  });

  it('reports as lost the keys it can no longer complete (released, or never its own)', async () => {
    const t = tenant();
    const claim = await store.claim(t, [
      { key: 'ok', requestHash: 'h' },
      { key: 'gone', requestHash: 'h' },
    ]);
    await claim.release(['gone']);
    expect(await claim.complete([])).toEqual([]);
    expect(
      await claim.complete([
        { key: 'ok', response: answer('ok') },
        { key: 'gone', response: answer('gone') },
        { key: 'never', response: answer('never') },
      ]),
    ).toEqual(['gone', 'never']);
    const after = await store.claim(t, [
      { key: 'ok', requestHash: 'h' },
      { key: 'gone', requestHash: 'h' },
    ]);
    expect([...after.existing.keys()]).toEqual(['ok']);
    expect([...after.claimed]).toEqual(['gone']);
  });

  it('hands a takeover by the same request the event id the dead claim was made with, and completes under it', async () => {
    const t = tenant();
    const [first, retry] = [randomUUID(), randomUUID()];
    const dead = await store.claim(t, [
      { key: 'k', requestHash: 'h', eventId: first },
      { key: 'old', requestHash: 'h' },
    ]);
    await expire(t);
    const taker = await store.claim(t, [
      { key: 'k', requestHash: 'h', eventId: retry },
      { key: 'old', requestHash: 'h', eventId: retry },
    ]);
    expect([...taker.claimed].sort()).toEqual(['k', 'old']);
    // A claim made without an event id (before they were stored) has none to hand back.
    expect([...taker.resumed]).toEqual([['k', first]]);
    expect(await dead.complete([{ key: 'k', response: answer('dead') }])).toEqual(['k']);
    expect(await taker.complete([{ key: 'k', response: { id: first } }])).toEqual([]);
    expect((await store.claim(t, [{ key: 'k', requestHash: 'h' }])).existing.get('k')?.response).toEqual({ id: first });
    // Taken over again before completing, the key still carries the first event id.
    await expire(t);
    const third = await store.claim(t, [{ key: 'old', requestHash: 'h', eventId: randomUUID() }]);
    expect([...third.resumed]).toEqual([['old', retry]]);
    await third.release();
  });

  it('takes over a dead claim of a different request under its own event id, resuming nothing', async () => {
    const t = tenant();
    const [first, other] = [randomUUID(), randomUUID()];
    await store.claim(t, [{ key: 'k', requestHash: 'h1', eventId: first }]);
    await expire(t);
    const taker = await store.claim(t, [{ key: 'k', requestHash: 'h2', eventId: other }]);
    expect([...taker.claimed]).toEqual(['k']);
    expect(taker.resumed.size).toBe(0);
    await expire(t);
    const again = await store.claim(t, [{ key: 'k', requestHash: 'h2', eventId: randomUUID() }]);
    expect([...again.resumed]).toEqual([['k', other]]);
    await again.release();
  });
}
