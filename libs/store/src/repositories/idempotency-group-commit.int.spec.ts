import { randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import { createDataSource } from '../data-source';
import { IdempotencyRepository } from './idempotency.repository';

/** Group commit of claims and completions against the real PostgreSQL: fewer statements, the same owners. */
describe('IdempotencyRepository group commit', () => {
  const config = loadPlatformConfig();
  const dataSource = createDataSource(config.database);
  const records = new IdempotencyRepository(dataSource, { leaseMs: 10_000 });
  const newTenant = () => `idgc-${randomUUID().slice(0, 8)}`;

  beforeAll(() => dataSource.initialize());
  afterAll(() => dataSource.destroy());
  afterEach(() => jest.restoreAllMocks());

  it('claims 50 concurrent single-key requests of two tenants in fewer statements than requests, each its own key, the same key apart per tenant', async () => {
    const [a, b] = [newTenant(), newTenant()];
    const statements = jest.spyOn(dataSource, 'query');
    const requests = Array.from({ length: 50 }, (_, i) => ({
      tenant: i % 2 === 0 ? a : b,
      key: `k${Math.floor(i / 2)}`,
    }));
    const claims = await Promise.all(
      requests.map((r) => records.claim(r.tenant, [{ key: r.key, requestHash: `h-${r.key}` }])),
    );
    expect(claims.map((c) => [...c.claimed])).toEqual(requests.map((r) => [r.key]));
    const claimStatements = statements.mock.calls.length;
    expect(claimStatements).toBeLessThan(requests.length);

    statements.mockClear();
    const lost = await Promise.all(claims.map((c, i) => c.complete([{ key: requests[i].key, response: { by: i } }])));
    expect(lost).toEqual(requests.map(() => []));
    expect(statements.mock.calls.length).toBeLessThan(requests.length);

    const stored: { tenant: string; key: string; response: { by: number } }[] = await dataSource.query(
      'SELECT tenant, key, response FROM idempotency_records WHERE tenant = ANY($1::text[]) ORDER BY tenant, key',
      [[a, b]],
    );
    expect(stored).toHaveLength(50);
    for (const row of stored) expect(requests[row.response.by]).toEqual({ tenant: row.tenant, key: row.key });
  });

  it('gives a key sent by two requests of one group to exactly one; the other sees its answer once completed', async () => {
    const tenant = newTenant();
    // A first request holds the statement in flight, so the next three share one.
    const first = records.claim(tenant, [{ key: 'warm', requestHash: 'h' }]);
    const same = [
      records.claim(tenant, [{ key: 'k', requestHash: 'h' }]),
      records.claim(tenant, [{ key: 'k', requestHash: 'h' }]),
    ];
    const other = records.claim(tenant, [{ key: 'other', requestHash: 'h' }]);
    await first;
    const owner = await Promise.race(same);
    expect([...owner.claimed]).toEqual(['k']);
    expect(await owner.complete([{ key: 'k', response: { id: 'e1' } }])).toEqual([]);
    const [x, y] = await Promise.all(same);
    const loser = x === owner ? y : x;
    expect(loser.claimed.size).toBe(0);
    expect(loser.existing.get('k')).toEqual({ key: 'k', requestHash: 'h', response: { id: 'e1' } });
    expect([...(await other).claimed]).toEqual(['other']);
  });

  it('completes only the rows of the claim that holds them, also within a group', async () => {
    const tenant = newTenant();
    const owner = await records.claim(tenant, [
      { key: 'k1', requestHash: 'h' },
      { key: 'k2', requestHash: 'h' },
    ]);
    const stranger = await records.claim(tenant, [{ key: 'k3', requestHash: 'h' }]);
    // The stranger tries to complete a key it does not hold, in the same group as the owner's completion.
    const [ownerLost, strangerLost] = await Promise.all([
      owner.complete([
        { key: 'k1', response: 'one' },
        { key: 'k2', response: 'two' },
      ]),
      stranger.complete([
        { key: 'k1', response: 'stolen' },
        { key: 'k3', response: 'three' },
      ]),
    ]);
    expect(ownerLost).toEqual([]);
    expect(strangerLost).toEqual(['k1']);
    expect(
      await dataSource.query('SELECT key, response FROM idempotency_records WHERE tenant = $1 ORDER BY key', [tenant]),
    ).toEqual([
      { key: 'k1', response: 'one' },
      { key: 'k2', response: 'two' },
      { key: 'k3', response: 'three' },
    ]);
  });
});
