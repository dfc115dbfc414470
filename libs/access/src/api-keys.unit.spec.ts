import { createHash } from 'node:crypto';
import type { ApiKeyEvent } from '@hindsight/contracts';
import type { ApiKeyRepository, ApiKeyRow } from '@hindsight/store';
import { parseApiKey } from './api-key-format';
import { ApiKeys, type ApiKeyWriter } from './api-keys';
import { ManualClock } from '@hindsight/contracts';

/** A repository that applies key events in memory, and the order of what happened. */
function fakes(publish: (event: ApiKeyEvent) => Promise<void> = async () => undefined) {
  const log: string[] = [];
  const rows = new Map<string, ApiKeyRow>();
  const repository = {
    apply: async (event: ApiKeyEvent) => {
      log.push(`apply ${event.type}`);
      if (event.type === 'api-key.created') {
        const d = event.data;
        rows.set(d.keyId, {
          id: d.keyId,
          tenant: event.tenant,
          name: d.name,
          lookupId: d.lookupId,
          secretSha256: Buffer.from(d.secretSha256, 'hex'),
          scopes: d.scopes,
          allowedOrigins: d.allowedOrigins,
          rateLimitPerMinute: d.rateLimitPerMinute,
          createdAt: new Date(d.createdAt),
          revokedAt: null,
        });
      } else {
        const row = rows.get(event.data.keyId)!;
        rows.set(row.id, { ...row, revokedAt: new Date(event.data.revokedAt) });
      }
    },
    find: async (idOrLookupId: string) =>
      [...rows.values()].find((r) => r.id === idOrLookupId || r.lookupId === idOrLookupId),
    findByLookupId: async (lookupId: string) => [...rows.values()].find((r) => r.lookupId === lookupId),
  } as unknown as ApiKeyRepository;
  const published: ApiKeyEvent[] = [];
  let n = 0;
  const writer: ApiKeyWriter = {
    publish: async (event) => {
      log.push(`publish ${event.type}`);
      await publish(event);
      published.push(event);
    },
    clock: new ManualClock('2026-03-01T09:00:00.000Z'),
    newEventId: () => `0190a000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
  };
  return { keys: new ApiKeys(repository, writer), log, published, rows };
}

describe('ApiKeys', () => {
  it('publishes api-key.created with the hash and metadata, never the secret, before storing it; the key then verifies', async () => {
    const { keys, log, published } = fakes();
    const issued = await keys.issue({
      tenant: 'acme',
      scopes: ['ingest', 'read', 'ingest'],
      name: 'tool',
      allowedOrigins: ['https://app.example.com'],
      rateLimitPerMinute: 60,
    });
    expect(log).toEqual(['publish api-key.created', 'apply api-key.created']);
    const secret = parseApiKey(issued.key)!.secret;
    expect(JSON.stringify(published)).not.toContain(secret);
    expect(published[0]).toMatchObject({
      type: 'api-key.created',
      tenant: 'acme',
      source: 'cli',
      data: {
        keyId: issued.id,
        lookupId: issued.lookupId,
        secretSha256: createHash('sha256').update(secret).digest('hex'),
        name: 'tool',
        scopes: ['ingest', 'read'],
        allowedOrigins: ['https://app.example.com'],
        rateLimitPerMinute: 60,
        createdAt: '2026-03-01T09:00:00.000Z',
      },
    });
    expect(await keys.verify(issued.key)).toMatchObject({
      ok: true,
      principal: { tenant: 'acme', scopes: ['ingest', 'read'] },
    });
  });

  it('stores nothing when Kafka does not acknowledge', async () => {
    const { keys, log, rows } = fakes(() => Promise.reject(new Error('no ack')));
    await expect(keys.issue({ tenant: 'acme', scopes: ['read'] })).rejects.toThrow('no ack');
    expect(log).toEqual(['publish api-key.created']);
    expect(rows.size).toBe(0);
  });

  it('refuses a bad request naming the field, publishing nothing', async () => {
    const { keys, log } = fakes();
    await expect(keys.issue({ tenant: 'acme', scopes: ['read'], name: 'x'.repeat(201) })).rejects.toMatchObject({
      issues: [{ path: 'name', rule: 'must be at most 200 characters' }],
    });
    await expect(keys.issue({ tenant: 'Acme', scopes: ['root'] })).rejects.toMatchObject({
      issues: [{ path: 'tenant' }, { path: 'scopes[0]' }],
    });
    expect(log).toEqual([]);
  });

  it('revokes by publishing api-key.revoked, once', async () => {
    const { keys, log } = fakes();
    const issued = await keys.issue({ tenant: 'acme', scopes: ['read'] });
    expect((await keys.revoke(issued.lookupId))?.revokedAt).toEqual(new Date('2026-03-01T09:00:00.000Z'));
    expect(await keys.revoke(issued.id)).toMatchObject({ id: issued.id });
    expect(await keys.revoke('unknown')).toBeUndefined();
    expect(log.filter((l) => l.startsWith('publish'))).toEqual(['publish api-key.created', 'publish api-key.revoked']);
    expect(await keys.verify(issued.key)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('makes no keys without a writer (the api verifies keys and never makes them)', async () => {
    const keys = new ApiKeys({} as ApiKeyRepository);
    await expect(keys.issue({ tenant: 'acme', scopes: ['read'] })).rejects.toThrow(/needs an ApiKeyWriter/);
  });
});
