import { randomBytes, randomUUID } from 'node:crypto';
import { projectorService } from '@hindsight/projector-service';
import { loadPlatformConfig } from '@hindsight/config';
import { formatUuidV7, topicName, TOPICS } from '@hindsight/contracts';
import { createKafka, ensureTopics, topicOffsetRanges } from '@hindsight/kafka';
import { replayProjections } from '@hindsight/projector-core';
import { createLogger, platformTopicSpecs, startService, type RunningService } from '@hindsight/runtime';
import { runKlBudgetAssignedEvent } from '@hindsight/training';
import { ApiKeyRepository, createDataSource, quoteIdentifier, RetrainPolicyRepository } from '@hindsight/store';
import { freePort, runCli, uniqueTenant, waitFor } from '@hindsight/test-support';
import type { DataSource } from '@hindsight/store';
import { withRecordPublisher } from './record-publisher';

/*
 * Records stored before they were events (written here straight into the
 * tables, as the previous version did) get their events from
 * `hindsight records backfill`; a replay then rebuilds exactly the same rows.
 */
describe('hindsight records backfill', () => {
  const config = loadPlatformConfig();
  let dataSource: DataSource;
  let projector: RunningService | undefined;
  const tenant = uniqueTenant('backfill');
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'backfill-test' });
  const configurationTopic = topicName(config.kafka.topicPrefix, TOPICS.configuration);

  beforeAll(async () => {
    dataSource = createDataSource(config.database, { applicationName: 'backfill-test', poolSize: 2 });
    await dataSource.initialize();
    await ensureTopics(kafka, platformTopicSpecs(config));
  });
  afterAll(async () => {
    await projector?.app.close();
    await dataSource.destroy();
  });

  const messagesOn = async (topic: string) =>
    (await topicOffsetRanges(kafka, topic)).reduce((n, p) => n + Number(p.high), 0);

  // Before the projector runs: a budget published by another tenant is on its way to the event store.
  it('refuses, publishing nothing, while the projector has not applied what the records topic holds', async () => {
    await withRecordPublisher((publish) =>
      publish(
        runKlBudgetAssignedEvent({
          eventId: formatUuidV7(Date.now(), randomBytes(10)),
          tenant: uniqueTenant('in-flight'),
          source: 'backfill-test',
          runId: 'ppo-in-flight',
          klBudget: 2,
          at: new Date(),
        }),
      ),
    );
    const published = await messagesOn(configurationTopic);

    const refused = await runCli(['records', 'backfill', '--projector-wait', '1', '--json']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(`waiting for the projector (group ${config.kafka.projectorGroupId}) to apply`);
    expect(refused.stderr).toMatch(
      new RegExp(`has not applied \\d+ messages of ${configurationTopic.replace(/\./g, '\\.')} yet`),
    );
    expect(refused.stderr).toContain('--projector-wait <seconds>');
    expect(await messagesOn(configurationTopic)).toBe(published);

    const badFlag = await runCli(['records', 'backfill', '--projector-wait', 'soon']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('--projector-wait must be an integer in [0, 4294967295] (got "soon")');
  }, 60_000);

  const rowsIn = async (schema: string) => {
    const s = quoteIdentifier(schema);
    return {
      policies: await dataSource.query(`SELECT * FROM ${s}.retrain_policies WHERE tenant = $1 ORDER BY id`, [tenant]),
      keys: await dataSource.query(`SELECT * FROM ${s}.api_keys WHERE tenant = $1 ORDER BY id`, [tenant]),
      budgets: await dataSource.query(`SELECT * FROM ${s}.run_budgets WHERE tenant = $1 ORDER BY run_id`, [tenant]),
    };
  };

  it('publishes the events of rows that have none, once, and a replay rebuilds the same rows', async () => {
    projector = await startService(projectorService, { ...process.env, PROJECTOR_PORT: String(await freePort()) });
    const policies = new RetrainPolicyRepository(dataSource);
    const at = (iso: string) => new Date(iso);
    const base = {
      tenant,
      cadence: 'quarterly',
      timezone: 'Europe/Berlin',
      objectives: ['helpfulness'],
      recipe: { id: 'default', version: 2, inline: { gates: { minPairs: 10 } } },
      catchUp: 'all' as const,
      minNewComparisons: 500,
      driftThreshold: 0.3,
      status: 'active' as const,
      pausedAt: null,
    };
    const id = () => formatUuidV7(Date.now(), randomBytes(10));
    // Active; resumed once (its active time moved); paused; deleted after a pause.
    await policies.insert({
      ...base,
      id: id(),
      name: 'plain',
      createdAt: at('2026-01-05T10:00:00.123Z'),
      activeSince: at('2026-01-05T10:00:00.123Z'),
    });
    await policies.insert({
      ...base,
      id: id(),
      name: 'resumed',
      createdAt: at('2026-01-05T10:00:00Z'),
      activeSince: at('2026-02-01T08:30:00Z'),
    });
    await policies.insert({
      ...base,
      id: id(),
      name: 'paused',
      status: 'paused',
      pausedAt: at('2026-03-01T00:00:00Z'),
      createdAt: at('2026-01-05T10:00:00Z'),
      activeSince: at('2026-01-05T10:00:00Z'),
    });
    const deleted = id();
    await policies.insert({
      ...base,
      id: deleted,
      name: 'gone',
      createdAt: at('2026-01-05T10:00:00Z'),
      activeSince: at('2026-01-05T10:00:00Z'),
    });
    await policies.setPaused(tenant, deleted, true, at('2026-02-02T00:00:00Z'));
    await policies.delete(tenant, deleted, at('2026-02-03T00:00:00Z'));
    const keys = new ApiKeyRepository(dataSource);
    for (const [name, revoke] of [
      ['live', false],
      ['revoked', true],
    ] as const) {
      const keyId = randomUUID();
      await keys.insert({
        id: keyId,
        tenant,
        name,
        lookupId: randomBytes(9).toString('base64url'),
        secretSha256: randomBytes(32),
        scopes: ['ingest', 'read'],
        allowedOrigins: ['https://app.example.com'],
        rateLimitPerMinute: 60,
      });
      if (revoke) await keys.revoke(keyId);
    }
    await dataSource.query('INSERT INTO run_budgets (tenant, run_id, kl_budget, updated_at) VALUES ($1, $2, 4.5, $3)', [
      tenant,
      `ppo-${randomUUID().slice(0, 8)}`,
      at('2026-02-10T12:00:00.5Z'),
    ]);
    const before = await rowsIn(config.database.schema);

    // Under load the projector may still be applying what earlier test files published: the command waits for it.
    const first = await runCli(['records', 'backfill', '--projector-wait', '120', '--json']);
    expect(first.code).toBe(0);
    const counts = JSON.parse(first.stdout) as { policies: number; keys: number; budgets: number; events: number };
    // Other test files' rows may be backfilled too: at least this tenant's.
    expect(counts.policies).toBeGreaterThanOrEqual(4);
    expect(counts.keys).toBeGreaterThanOrEqual(2);
    expect(counts.budgets).toBeGreaterThanOrEqual(1);
    const live = await rowsIn(config.database.schema);
    // Applying the backfilled events changed nothing but the policies' revisions.
    expect(live.keys).toEqual(before.keys);
    expect(live.budgets).toEqual(before.budgets);
    expect(live.policies.map((p: { revision: number }) => p.revision).sort()).toEqual([1, 2, 3, 3]);
    expect(live.policies.map(({ revision: _r, ...p }: Record<string, unknown>) => p)).toEqual(
      before.policies.map(({ revision: _r, ...p }: Record<string, unknown>) => p),
    );

    // Once projected, every row has its events: a second backfill publishes nothing.
    await waitFor(
      async () => Number((await dataSource.query("SELECT count(*) AS n FROM events WHERE source = 'backfill'"))[0].n),
      (n) => n === counts.events,
      30_000,
      'the backfilled events projected',
    );
    const second = await runCli(['records', 'backfill', '--projector-wait', '120', '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ policies: 0, keys: 0, budgets: 0, events: 0 });

    const replay = await replayProjections(
      config,
      createLogger('backfill-test', 'warn'),
      { noSwitch: true },
      () => undefined,
    );
    try {
      expect(await rowsIn(replay.replaySchema)).toEqual(live);
    } finally {
      await dataSource.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(replay.replaySchema)} CASCADE`);
    }
  }, 180_000);
});
