import type { ApiKeyEvent } from '@hindsight/contracts';
import type { ApiKeyRepository, ApiKeyRow } from '@hindsight/store';
import { formatApiKey, hashSecret } from './api-key-format';
import { ApiKeyLog } from './api-key-log';
import { ApiKeys } from './api-keys';

const created = (keyId: string, lookupId: string, secret: string, origins: string[] = []): ApiKeyEvent =>
  ({
    type: 'api-key.created',
    tenant: 'acme',
    data: {
      keyId,
      lookupId,
      secretSha256: hashSecret(secret).toString('hex'),
      name: '',
      scopes: ['ingest'],
      allowedOrigins: origins,
      rateLimitPerMinute: null,
      createdAt: '2026-03-01T09:00:00.000Z',
    },
  }) as unknown as ApiKeyEvent;
const revoked = (keyId: string): ApiKeyEvent =>
  ({
    type: 'api-key.revoked',
    tenant: 'acme',
    data: { keyId, revokedAt: '2026-03-01T10:00:00.000Z' },
  }) as unknown as ApiKeyEvent;

/** A database that is down: every lookup fails as node-postgres does with nobody listening. */
const downRepository = {
  findByLookupId: async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  },
  originsAllowed: async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  },
} as unknown as ApiKeyRepository;

function key(n: number) {
  return formatApiKey(Buffer.alloc(9, n), Buffer.alloc(32, n));
}

describe('ApiKeys verified from the log (ApiKeyLog)', () => {
  it('verifies a key read from the log without the database, and refuses it from its revocation on', async () => {
    const reader = { caughtUp: true };
    const log = new ApiKeyLog(reader);
    const keys = new ApiKeys(downRepository, undefined, log);
    const k = key(1);
    log.apply(created('0190a000-0000-7000-8000-000000000001', k.lookupId, k.secret, ['https://app.example.com']));
    expect(await keys.verify(k.key)).toMatchObject({
      ok: true,
      principal: { tenant: 'acme', scopes: ['ingest'], lookupId: k.lookupId },
    });
    expect(await keys.verify(`hsk_${k.lookupId}_${key(2).secret}`)).toEqual({ ok: false, reason: 'unknown' });
    expect(await keys.originAllowedForAnyKey('https://app.example.com')).toBe(true);
    expect(keys.revocationSeen('0190a000-0000-7000-8000-000000000001')).toBe(false);
    log.apply(revoked('0190a000-0000-7000-8000-000000000001'));
    expect(keys.revocationSeen('0190a000-0000-7000-8000-000000000001')).toBe(true);
    expect(await keys.verify(k.key)).toEqual({ ok: false, reason: 'revoked' });
    // No live key on the log allows it, and the database cannot say otherwise now.
    expect(await keys.originAllowedForAnyKey('https://app.example.com')).toBe(false);
  });

  it('asks the database until the log was read to its end, and for a key not on the log', async () => {
    const reader = { caughtUp: false };
    const log = new ApiKeyLog(reader);
    const k = key(3);
    log.apply(created('0190a000-0000-7000-8000-000000000003', k.lookupId, k.secret));
    const keys = new ApiKeys(downRepository, undefined, log);
    await expect(keys.verify(k.key)).rejects.toThrow(/ECONNREFUSED/);
    reader.caughtUp = true;
    expect(await keys.verify(k.key)).toMatchObject({ ok: true });
    await expect(keys.verify(key(4).key)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('refuses a key stored before keys were events once its revocation is on the log, whatever its row says', async () => {
    const k = key(5);
    const row: ApiKeyRow = {
      id: '0190a000-0000-7000-8000-000000000005',
      tenant: 'acme',
      name: '',
      lookupId: k.lookupId,
      secretSha256: hashSecret(k.secret),
      scopes: ['ingest'],
      allowedOrigins: [],
      rateLimitPerMinute: null,
      createdAt: new Date(),
      revokedAt: null,
    };
    const log = new ApiKeyLog();
    const keys = new ApiKeys({ findByLookupId: async () => row } as unknown as ApiKeyRepository, undefined, log);
    expect(await keys.verify(k.key)).toMatchObject({ ok: true });
    log.apply(revoked(row.id));
    expect(await keys.verify(k.key)).toEqual({ ok: false, reason: 'revoked' });
  });
});
