import { randomBytes, randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import { formatUuidV7, sealEvent, validateEventInput, type EventType, type HindsightEvent } from '@hindsight/contracts';
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
    await keys.insert({
      id,
      tenant: 'revoke-test',
      name: 'k',
      lookupId: randomBytes(8).toString('hex'),
      secretSha256: randomBytes(32),
      scopes: ['ingest'],
      allowedOrigins: [],
      rateLimitPerMinute: null,
    });
    const revoked = await keys.revoke(id);
    expect(revoked).toMatchObject({ id, tenant: 'revoke-test' });
    expect(revoked?.revokedAt).toBeInstanceOf(Date);
    expect(await keys.revoke(randomUUID())).toBeUndefined();
  });

  it('countAttempt counts up per (tenant, run), and advance refuses a run that is not in the expected state and writes no outbox row', async () => {
    const runs = new TrainerRunRepository(dataSource);
    const runId = `run-${randomUUID()}`;
    const run = { tenant: 'attempts-test', runId };
    const requested = event('retrain.requested', run.tenant, {
      runId,
      trigger: { kind: 'manual', requestedBy: 'tester' },
      asOf: '2026-01-01T00:00:00.000Z',
      objectives: ['helpfulness'],
      recipe: { id: 'default', version: 1 },
    });
    await runs.recordConsumed(`group-${randomUUID()}`, [requested], []);
    expect(await runs.countAttempt(run)).toBe(1);
    expect(await runs.countAttempt(run)).toBe(2);
    expect(await runs.countAttempt({ tenant: 'attempts-other', runId })).toBe(1);

    const failed = (stage: 'dataset' | 'training') =>
      event('retrain.run-advanced', run.tenant, {
        runId,
        state: 'failed',
        policyId: null,
        recipe: null,
        gates: null,
        datasets: null,
        gateReport: null,
        failure: { stage, reasons: [{ code: 'x', message: 'y' }] },
      });
    const first = failed('dataset');
    expect(await runs.advance(run, 'requested', [first], new Date())).toBe(true);
    expect(await runs.advance(run, 'requested', [failed('training')], new Date())).toBe(false);
    expect(await runs.find(run)).toMatchObject({ state: 'failed', failure: { stage: 'dataset' } });
    expect((await runs.outboxOf(run)).map((r) => r.eventId)).toEqual([first.id]);
  });
});

let sequence = 0;
function event(type: EventType, tenant: string, data: unknown): HindsightEvent {
  const recordedAt = new Date(Date.UTC(2026, 0, 1, 0, 0, sequence++)).toISOString();
  return sealEvent(validateEventInput({ type, idempotencyKey: `k-${randomUUID()}`, data }), {
    id: formatUuidV7(Date.parse(recordedAt), randomBytes(10)),
    recordedAt,
    tenant,
    source: 'trainer',
  }) as HindsightEvent;
}
