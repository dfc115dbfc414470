import { randomBytes, randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import { createDataSource } from '../data-source';
import { ApiKeyRepository } from './api-key.repository';
import { TrainerRunRepository } from './run-trainer.repository';

/**
 * Repositories whose answer comes from an UPDATE … RETURNING, which TypeORM's
 * postgres driver hands back as [rows, count] rather than rows.
 */
describe('repositories answering from UPDATE … RETURNING', () => {
  const config = loadPlatformConfig();
  const dataSource = createDataSource(config.database);

  beforeAll(() => dataSource.initialize());
  afterAll(() => dataSource.destroy());

  it('revoke returns the revoked key, and undefined for an unknown id', async () => {
    const keys = new ApiKeyRepository(dataSource);
    const id = randomUUID();
    await keys.insert({ id, tenant: 'revoke-test', name: 'k', lookupId: randomBytes(8).toString('hex'), secretSha256: randomBytes(32), scopes: ['ingest'], allowedOrigins: [], rateLimitPerMinute: null });
    const revoked = await keys.revoke(id);
    expect(revoked).toMatchObject({ id, tenant: 'revoke-test' });
    expect(revoked?.revokedAt).toBeInstanceOf(Date);
    expect(await keys.revoke(randomUUID())).toBeUndefined();
  });

  it('countAttempt counts up, and advance refuses a run that is not in the expected state and writes no outbox row', async () => {
    const runs = new TrainerRunRepository(dataSource);
    const runId = `run-${randomUUID()}`;
    await runs.recordConsumed(`group-${randomUUID()}`, [{ runId, tenant: 'attempts-test', requestEventId: randomUUID(), request: {} }], [], new Date());
    expect(await runs.countAttempt(runId)).toBe(1);
    expect(await runs.countAttempt(runId)).toBe(2);

    const outbox = (eventId: string) => ({ eventId, tenant: 'attempts-test', runId, type: 'retrain.failed', eventJson: '{}' });
    const first = randomUUID();
    expect(await runs.advance(runId, 'requested', 'failed', {}, new Date(), outbox(first))).toBe(true);
    const second = randomUUID();
    expect(await runs.advance(runId, 'requested', 'completed', {}, new Date(), outbox(second))).toBe(false);
    expect((await runs.find(runId))?.state).toBe('failed');
    const rows: { event_id: string }[] = await dataSource.query('SELECT event_id FROM trainer_outbox WHERE run_id = $1', [runId]);
    expect(rows.map((r) => r.event_id)).toEqual([first]);
  });
});
