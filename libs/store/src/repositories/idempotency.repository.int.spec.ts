import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadPlatformConfig } from '@hindsight/config';
import { createDataSource } from '../data-source';
import { IdempotencyRepository, type IdempotencyClaim } from './idempotency.repository';

/** Idempotency claims against the real PostgreSQL: who publishes a key, and what everyone else answers. */
describe('IdempotencyRepository', () => {
  const config = loadPlatformConfig();
  const dataSource = createDataSource(config.database);
  const records = new IdempotencyRepository(dataSource, { leaseMs: 10_000 });
  const newTenant = () => `idem-${randomUUID().slice(0, 8)}`;
  const answer = (key: string, by: string) => ({ id: `${by}-${key}`, idempotencyKey: key });
  const rowsOf = (tenant: string): Promise<{ key: string; response: unknown; claim_id: string | null }[]> =>
    dataSource.query('SELECT key, response, claim_id FROM idempotency_records WHERE tenant = $1 ORDER BY key', [
      tenant,
    ]);
  /** Plays a request that publishes: claims, and completes what it claimed after `publishMs`. */
  const request = async (
    repository: IdempotencyRepository,
    tenant: string,
    keys: string[],
    by: string,
    publishMs = 30,
  ): Promise<IdempotencyClaim> => {
    const claim = await repository.claim(
      tenant,
      keys.map((key) => ({ key, requestHash: 'h' })),
    );
    if (claim.claimed.size > 0) {
      await sleep(publishMs);
      expect(await claim.complete([...claim.claimed].map((key) => ({ key, response: answer(key, by) })))).toEqual([]);
    }
    return claim;
  };

  beforeAll(() => dataSource.initialize());
  afterAll(() => dataSource.destroy());
  afterEach(() => jest.restoreAllMocks());

  it('claims a new key, completes it, and then replays the stored response: two statements each', async () => {
    const tenant = newTenant();
    const statements = jest.spyOn(dataSource, 'query');
    const first = await records.claim(tenant, [{ key: 'k1', requestHash: 'h1' }]);
    expect([...first.claimed]).toEqual(['k1']);
    expect(first.existing.size).toBe(0);
    expect(await rowsOf(tenant)).toEqual([{ key: 'k1', response: null, claim_id: expect.any(String) }]);
    expect(await first.complete([{ key: 'k1', response: { id: 'e1' } }])).toEqual([]);
    expect(statements).toHaveBeenCalledTimes(3); // claim, rowsOf, complete

    statements.mockClear();
    const retry = await records.claim(tenant, [{ key: 'k1', requestHash: 'h1' }]);
    expect(statements).toHaveBeenCalledTimes(2); // the claim that gets nothing, then the read of the stored row
    expect(retry.claimed.size).toBe(0);
    expect(retry.existing.get('k1')).toEqual({ key: 'k1', requestHash: 'h1', response: { id: 'e1' } });
  });

  it('stores keys holding the quoting characters of JSON and of array literals as they are sent, with their event ids', async () => {
    const tenant = newTenant();
    // Visible ASCII, as idempotency keys are: quotes, backslashes, braces, commas, and a key that reads NULL.
    const keys = ['a"b', 'c\\d', '{e,f}', 'NULL', '\\"', "g'h"];
    const eventIds = keys.map(() => randomUUID());
    const claim = await records.claim(
      tenant,
      keys.map((key, i) => ({ key, requestHash: `h-${key}`, eventId: eventIds[i] })),
    );
    expect([...claim.claimed].sort()).toEqual([...keys].sort());
    const stored: { key: string; request_hash: string; event_id: string }[] = await dataSource.query(
      'SELECT key, request_hash, event_id FROM idempotency_records WHERE tenant = $1',
      [tenant],
    );
    expect(new Map(stored.map((r) => [r.key, [r.request_hash, r.event_id]]))).toEqual(
      new Map(keys.map((key, i) => [key, [`h-${key}`, eventIds[i]]])),
    );
    expect(await claim.complete(keys.map((key) => ({ key, response: answer(key, 'first') })))).toEqual([]);
    const retry = await records.claim(
      tenant,
      keys.map((key) => ({ key, requestHash: `h-${key}` })),
    );
    expect(retry.claimed.size).toBe(0);
    for (const key of keys)
      expect(retry.existing.get(key)).toEqual({ key, requestHash: `h-${key}`, response: answer(key, 'first') });
  });

  it('hands back the stored request hash for a key completed with a different request, and claims nothing', async () => {
    const tenant = newTenant();
    await request(records, tenant, ['k1'], 'first');
    const other = await records.claim(tenant, [
      { key: 'k1', requestHash: 'another' },
      { key: 'k2', requestHash: 'another' },
    ]);
    expect([...other.claimed]).toEqual(['k2']);
    expect(other.existing.get('k1')).toEqual({ key: 'k1', requestHash: 'h', response: answer('k1', 'first') });
  });

  it('gives a key to exactly one of two concurrent claims; the other waits and sees the completed response', async () => {
    const tenant = newTenant();
    const [a, b] = await Promise.all([request(records, tenant, ['k1'], 'a'), request(records, tenant, ['k1'], 'b')]);
    expect(a.claimed.size + b.claimed.size).toBe(1);
    const [winner, loser] = a.claimed.size === 1 ? ['a', b] : ['b', a];
    expect(loser.existing.get('k1')?.response).toEqual(answer('k1', winner));
    expect(loser.inFlight.size).toBe(0);
  });

  it('settles full batches of overlapping keys claimed concurrently in opposite orders: one owner per key, no deadlock', async () => {
    const tenant = newTenant();
    const keys = Array.from({ length: 1000 }, (_, i) => `k${String(i).padStart(4, '0')}`);
    const claims = await Promise.all(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((by, i) =>
        request(records, tenant, i % 2 === 0 ? keys : [...keys].reverse(), by),
      ),
    );
    for (const key of keys) {
      const owners = claims.filter((c) => c.claimed.has(key));
      expect({ key, owners: owners.length }).toEqual({ key, owners: 1 });
      const answers = new Set(
        claims.map((c) => JSON.stringify(c.claimed.has(key) ? null : c.existing.get(key)?.response)),
      );
      answers.delete('null');
      expect(answers.size).toBe(1);
    }
    expect((await rowsOf(tenant)).every((r) => r.response !== null)).toBe(true);
  });

  /*
   * The test above runs one repository, whose group commit sends one claim INSERT at a time: it cannot show the
   * statements of two api replicas meeting. Each replica has its own repository; two batch requests with the same
   * new idempotency keys in other orders, sent to two replicas, each insert their claims in one statement, and
   * rows inserted in request order would each wait for a row the other had inserted: PostgreSQL ends one with
   * "deadlock detected", a 500 for its whole batch. Claims go in in (tenant, key) order.
   */
  it('never deadlocks the claim statements of three replicas claiming the same new keys in other orders', async () => {
    const replicas = [0, 1, 2].map(() => new IdempotencyRepository(dataSource, { leaseMs: 10_000 }));
    for (let round = 0; round < 4; round++) {
      const tenant = newTenant();
      const keys = Array.from({ length: 3000 }, (_, i) => `k${round}-${String(i).padStart(5, '0')}`);
      const orders = [keys, [...keys].reverse(), [...keys.slice(1500), ...keys.slice(0, 1500)]];
      const results = await Promise.allSettled(
        replicas.map((replica, i) => request(replica, tenant, orders[i], `replica-${i}`)),
      );
      const failed = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
      expect(failed).toEqual([]);
      const claims = results.map((r) => (r as PromiseFulfilledResult<IdempotencyClaim>).value);
      expect(keys.filter((key) => claims.filter((c) => c.claimed.has(key)).length !== 1)).toEqual([]);
      expect((await rowsOf(tenant)).filter((r) => r.response === null)).toEqual([]);
    }
  });

  it('lets exactly one of two concurrent takers take over a pending claim whose lease ran out', async () => {
    const tenant = newTenant();
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    // The owner claims and dies before completing; its lease is made to have run out.
    const dead = await records.claim(
      tenant,
      keys.map((key) => ({ key, requestHash: 'h' })),
    );
    await dataSource.query(
      `UPDATE idempotency_records SET claimed_at = now() - interval '1 minute' WHERE tenant = $1`,
      [tenant],
    );

    const pairs = await Promise.all(
      keys.map((key) => Promise.all([request(records, tenant, [key], 'a'), request(records, tenant, [key], 'b')])),
    );
    for (const [i, [a, b]] of pairs.entries()) {
      expect({ key: keys[i], winners: a.claimed.size + b.claimed.size }).toEqual({ key: keys[i], winners: 1 });
      const [winner, loser] = a.claimed.size === 1 ? ['a', b] : ['b', a];
      expect(loser.existing.get(keys[i])?.response).toEqual(answer(keys[i], winner));
    }
    // The dead owner, had it come back, could neither complete nor release what was taken over.
    expect((await dead.complete(keys.map((key) => ({ key, response: answer(key, 'dead') })))).sort()).toEqual(
      [...keys].sort(),
    );
    await dead.release();
    const rows = await rowsOf(tenant);
    expect(rows).toHaveLength(keys.length);
    expect(rows.some((r) => JSON.stringify(r.response).includes('dead'))).toBe(false);
  });

  it('keeps a taken-over claim from its old owner: the old owner can neither complete nor release it', async () => {
    const tenant = newTenant();
    const old = await records.claim(tenant, [{ key: 'k1', requestHash: 'h' }]);
    await dataSource.query(
      `UPDATE idempotency_records SET claimed_at = now() - interval '1 minute' WHERE tenant = $1`,
      [tenant],
    );
    const taker = await records.claim(tenant, [{ key: 'k1', requestHash: 'h2' }]);
    expect([...taker.claimed]).toEqual(['k1']);
    // The old owner was only slow: Kafka acknowledged it after all, or it failed.
    expect(await old.complete([{ key: 'k1', response: { id: 'old' } }])).toEqual(['k1']);
    await old.release();
    expect(await rowsOf(tenant)).toEqual([{ key: 'k1', response: null, claim_id: expect.any(String) }]);
    expect(await taker.complete([{ key: 'k1', response: { id: 'taker' } }])).toEqual([]);
    const replay = await records.claim(tenant, [{ key: 'k1', requestHash: 'h2' }]);
    expect(replay.existing.get('k1')).toEqual({ key: 'k1', requestHash: 'h2', response: { id: 'taker' } });
  });

  it('hands a takeover by the same request the event id the dead claim stored, in one statement; another request none', async () => {
    const tenant = newTenant();
    const [e1, e2, e3, e4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const eventIdsOf = async () =>
      (
        (await dataSource.query('SELECT key, event_id FROM idempotency_records WHERE tenant = $1 ORDER BY key', [
          tenant,
        ])) as { key: string; event_id: string | null }[]
      ).map((r) => [r.key, r.event_id]);
    const dead = await records.claim(tenant, [
      { key: 'same', requestHash: 'h', eventId: e1 },
      { key: 'other', requestHash: 'h', eventId: e2 },
    ]);
    expect(dead.resumed.size).toBe(0);
    expect(await eventIdsOf()).toEqual([
      ['other', e2],
      ['same', e1],
    ]);
    await dataSource.query(
      `UPDATE idempotency_records SET claimed_at = now() - interval '1 minute' WHERE tenant = $1`,
      [tenant],
    );
    const statements = jest.spyOn(dataSource, 'query');
    const taker = await records.claim(tenant, [
      { key: 'same', requestHash: 'h', eventId: e3 },
      { key: 'other', requestHash: 'changed', eventId: e4 },
    ]);
    expect(statements).toHaveBeenCalledTimes(3); // the claim that gets nothing, the read, the takeover
    expect([...taker.claimed].sort()).toEqual(['other', 'same']);
    expect([...taker.resumed]).toEqual([['same', e1]]);
    // The row keeps the id the event went out under: a later takeover by the same request is handed it too.
    expect(await eventIdsOf()).toEqual([
      ['other', e4],
      ['same', e1],
    ]);
    expect(await taker.complete([{ key: 'same', response: { id: e1 } }])).toEqual([]);
    expect(await dead.complete([{ key: 'other', response: { id: e2 } }])).toEqual(['other']);
  });

  it('does not take over a pending claim within its lease', async () => {
    const tenant = newTenant();
    const patient = new IdempotencyRepository(dataSource, { leaseMs: 10_000, maxWaitMs: 300 });
    const owner = await patient.claim(tenant, [{ key: 'k1', requestHash: 'h' }]);
    const waiter = await patient.claim(tenant, [
      { key: 'k1', requestHash: 'h' },
      { key: 'k2', requestHash: 'h' },
    ]);
    expect([...waiter.inFlight]).toEqual(['k1']);
    expect([...waiter.claimed]).toEqual(['k2']);
    expect(await owner.complete([{ key: 'k1', response: { id: 'owner' } }])).toEqual([]);
  });

  it('releases the claims of a failed publish, so a retry claims them, and a waiting request gets them at once', async () => {
    const tenant = newTenant();
    const failed = await records.claim(tenant, [
      { key: 'k1', requestHash: 'h' },
      { key: 'k2', requestHash: 'h' },
    ]);
    await failed.release();
    expect(await rowsOf(tenant)).toEqual([]);
    const retry = await records.claim(tenant, [
      { key: 'k1', requestHash: 'h' },
      { key: 'k2', requestHash: 'h' },
    ]);
    expect([...retry.claimed].sort()).toEqual(['k1', 'k2']);

    const started = Date.now();
    const waiting = records.claim(tenant, [{ key: 'k1', requestHash: 'h' }]);
    await sleep(50);
    await retry.release();
    const next = await waiting;
    expect([...next.claimed]).toEqual(['k1']);
    expect(Date.now() - started).toBeLessThan(2_000); // well within the 10 s lease
  });

  it('purges completed and pending records older than the window and keeps the younger ones', async () => {
    const tenant = newTenant();
    await request(records, tenant, ['old-done', 'new-done'], 'a');
    await records.claim(tenant, [
      { key: 'old-pending', requestHash: 'h' },
      { key: 'new-pending', requestHash: 'h' },
    ]);
    await dataSource.query(
      `UPDATE idempotency_records SET created_at = now() - interval '25 hours', claimed_at = now() - interval '25 hours' WHERE tenant = $1 AND key LIKE 'old-%'`,
      [tenant],
    );
    expect(await records.purgeOlderThan(24)).toBeGreaterThanOrEqual(2);
    expect((await rowsOf(tenant)).map((r) => r.key)).toEqual(['new-done', 'new-pending']);
  });
});
