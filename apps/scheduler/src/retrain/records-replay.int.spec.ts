import { randomUUID } from 'node:crypto';
import { parseApiKey } from '@hindsight/access';
import { apiService } from '@hindsight/api-service';
import { projectorService } from '@hindsight/projector-service';
import { loadPlatformConfig } from '@hindsight/config';
import { topicName, TOPICS } from '@hindsight/contracts';
import { createKafka, EventPublisher } from '@hindsight/kafka';
import { replayProjections } from '@hindsight/projector-core';
import { createLogger, startService, type RunningService } from '@hindsight/runtime';
import { UnavailableComparisonCounter, UnavailableDriftSignal } from '@hindsight/scheduling';
import { RetrainPolicyRepository, RetrainRequestRepository } from '@hindsight/store';
import {
  freePort,
  readTopicUntil,
  endOffsetTotal,
  runCli,
  startApiUnderTest,
  uniqueTenant,
  waitFor,
  type ApiUnderTest,
} from '@hindsight/test-support';
import { ManualClock } from '@hindsight/contracts';
import { RetrainScheduler } from './retrain-scheduler';

/*
 * Records people create — retrain policies, API keys, run KL budgets — and the
 * scheduler's requested runs are made through their real paths (the api, the
 * CLI, the scheduler), then `replayProjections` rebuilds them from Kafka alone
 * into a fresh schema and swaps it in: the rows are the same, the keys still
 * authenticate, and a policy does not fire again for a period already requested.
 */
describe('records rebuilt from Kafka by a replay', () => {
  const config = loadPlatformConfig();
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'records-replay-test' });
  const logger = createLogger('records-replay-test', 'warn');
  let api: ApiUnderTest;
  let projector: RunningService;
  let tenant: string;
  let admin: string;

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    projector = await startService(projectorService, { ...process.env, PROJECTOR_PORT: String(await freePort()) });
    tenant = uniqueTenant('records');
    admin = (await api.issueKey({ tenant, scopes: ['admin', 'read', 'ingest'] })).key;
  });
  afterAll(async () => {
    await projector.app.close();
    await api.close();
  });

  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    api.running.context.dataSource.query(sql, params);
  const call = async (method: string, path: string, body?: unknown, key = admin) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as Record<string, unknown> };
  };
  const cli = async (args: string[]) => {
    const result = await runCli(args);
    if (result.code !== 0) throw new Error(`hindsight ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result.stdout;
  };
  const policy = (name: string, overrides: Record<string, unknown> = {}) => ({
    name,
    cadence: 'quarterly',
    timezone: 'Europe/Berlin',
    objectives: ['helpfulness', 'harmlessness'],
    recipe: { id: 'default', version: 3, inline: { recencyHalfLifeDays: 30, gates: { minPairs: 200 } } },
    catchUp: 'all',
    minNewComparisons: 1_000_000_000,
    driftThreshold: 0.25,
    ...overrides,
  });

  /** The tenant's rows of every record table, in a stable order; `published_at` as whether it is set (its time is not on the log). */
  const snapshot = async () => ({
    policies: await query('SELECT * FROM retrain_policies WHERE tenant = $1 ORDER BY id', [tenant]),
    keys: await query('SELECT * FROM api_keys WHERE tenant = $1 ORDER BY id', [tenant]),
    budgets: await query('SELECT * FROM run_budgets WHERE tenant = $1 ORDER BY run_id', [tenant]),
    requests: (
      await query<Record<string, unknown>>('SELECT * FROM retrain_requests WHERE tenant = $1 ORDER BY run_id', [tenant])
    ).map(({ published_at, ...r }): Record<string, unknown> => ({ ...r, published: published_at !== null })),
  });

  /** Waits until the live projector has applied every event of the tenant on these topics. */
  async function projectedAll(bases: readonly (typeof TOPICS)[keyof typeof TOPICS][]): Promise<number> {
    let ids: string[] = [];
    for (const base of bases) {
      const topic = topicName(config.kafka.topicPrefix, base);
      const total = await endOffsetTotal(kafka, topic);
      const messages = await readTopicUntil(kafka, topic, (ms) => ms.length >= total);
      ids = [
        ...ids,
        ...messages
          .filter((m) => m.headers['hindsight-tenant'] === tenant)
          .map((m) => (JSON.parse(m.value) as { id: string }).id),
      ];
    }
    await waitFor(
      async () =>
        (await query<{ n: number }>('SELECT count(*)::int AS n FROM event_index WHERE id = ANY($1::uuid[])', [ids]))[0]
          .n,
      (n) => n === ids.length,
      30_000,
      "the tenant's records projected",
    );
    return ids.length;
  }

  it('rebuilds policies, API keys, run budgets and requested runs exactly, and a policy still fires once per period', async () => {
    // Policies through the api: every kind of change, and a name used again after a delete.
    const everyMinute = (
      await call('POST', '/v1/policies', policy('every-minute', { cadence: '* * * * *', catchUp: 'latest-only' }))
    ).body as { id: string };
    const paused = (
      await call(
        'POST',
        '/v1/policies',
        policy('paused-one', { recipe: { id: 'default', version: 1 }, minNewComparisons: null, driftThreshold: null }),
      )
    ).body as { id: string };
    for (const action of ['pause', 'resume', 'pause'])
      expect((await call('POST', `/v1/policies/${paused.id}/${action}`)).status).toBe(200);
    const deleted = (await call('POST', '/v1/policies', policy('reused'))).body as { id: string };
    expect((await call('DELETE', `/v1/policies/${deleted.id}`)).status).toBe(204);
    expect((await call('POST', '/v1/policies', policy('reused', { timezone: 'Asia/Tokyo' }))).status).toBe(201);
    // And through the CLI.
    const fromCli = JSON.parse(
      await cli([
        'policy',
        'create',
        '--tenant',
        tenant,
        '--name',
        'from-cli',
        '--cadence',
        'monthly',
        '--tz',
        'America/New_York',
        '--objectives',
        'honesty',
        '--recipe',
        'default@1',
        '--catch-up',
        'all',
        '--json',
      ]),
    ) as { id: string };
    await cli(['policy', 'pause', fromCli.id, '--json']);

    // API keys through the CLI: one live, one revoked.
    const live = JSON.parse(
      await cli([
        'keys',
        'create',
        '--tenant',
        tenant,
        '--scopes',
        'ingest,read',
        '--name',
        'tool',
        '--origins',
        'https://app.example.com',
        '--rate-limit',
        '120',
        '--json',
      ]),
    ) as { key: string; id: string };
    const revoked = JSON.parse(await cli(['keys', 'create', '--tenant', tenant, '--scopes', 'read', '--json'])) as {
      key: string;
      id: string;
    };
    await cli(['keys', 'revoke', revoked.id]);
    expect((await call('GET', '/v1/runs', undefined, revoked.key)).status).toBe(401);

    // A run reported with the CLI's key, and its budget set through the api, then the CLI.
    const runId = `ppo-${randomUUID().slice(0, 8)}`;
    const reported = await api.post(
      '/v1/events',
      { type: 'training.metrics.reported', data: { runId, step: 100, meanReward: 0.4, kl: 2 } },
      live.key,
    );
    expect(reported.status).toBe(202);
    await waitFor(
      async () => (await call('GET', `/v1/runs/${runId}`)).status,
      (s) => s === 200,
      30_000,
      'the run projected',
    );
    expect((await call('PUT', `/v1/runs/${runId}/budget`, { klBudget: 3 })).status).toBe(200);
    await cli(['runs', 'budget', runId, '--tenant', tenant, '--kl', '5']);

    // Requested runs: one by hand (the CLI), one by the policy's clock (the scheduler).
    const manual = JSON.parse(await cli(['retrain', '--policy', everyMinute.id, '--tenant', tenant, '--json'])) as {
      runId: string;
    };
    const clock = new ManualClock(new Date(Date.now() + 2 * 60_000));
    const policies = new RetrainPolicyRepository(api.running.context.dataSource);
    const publisher = new EventPublisher(kafka, { lingerMs: 1, maxBatchMessages: 100, ackTimeoutMs: 10_000 });
    const scheduler = new RetrainScheduler({
      // Only this test's policy: others' policies are none of its business.
      policies: { listActive: async () => (await policies.listActive()).filter((p) => p.id === everyMinute.id) },
      requests: new RetrainRequestRepository(api.running.context.dataSource),
      leadership: { tryAcquire: async () => true, release: async () => undefined },
      publisher,
      clock,
      comparisons: new UnavailableComparisonCounter(),
      drift: new UnavailableDriftSignal(),
      topicPrefix: config.kafka.topicPrefix,
      logger,
    });
    try {
      expect((await scheduler.tick()).fired).toBe(1);
      expect((await scheduler.tick()).fired).toBe(0);

      await projectedAll([TOPICS.configuration, TOPICS.retraining]);
      // The keys' events carry the hashes, never the secrets.
      const configurationTopic = topicName(config.kafka.topicPrefix, TOPICS.configuration);
      const total = await endOffsetTotal(kafka, configurationTopic);
      const configuration = await readTopicUntil(kafka, configurationTopic, (ms) => ms.length >= total);
      for (const { key } of [live, revoked])
        expect(configuration.some((m) => m.value.includes(parseApiKey(key)!.secret))).toBe(false);
      expect(
        configuration.filter((m) => m.headers['hindsight-tenant'] === tenant && m.value.includes('"api-key.created"'))
          .length,
      ).toBeGreaterThanOrEqual(3);
      const before = await snapshot();
      expect(before.policies).toHaveLength(5);
      expect(before.keys.length).toBeGreaterThanOrEqual(3);
      expect(before.budgets).toEqual([expect.objectContaining({ run_id: runId, kl_budget: 5 })]);
      expect(before.requests.map((r) => [r.run_id, r.reason, r.policy_id, r.published])).toEqual(
        expect.arrayContaining([
          [manual.runId, 'manual', everyMinute.id, true],
          [expect.any(String), 'catch-up', everyMinute.id, true],
        ]),
      );
      // An every-minute policy's next fire time moves with the clock while the replay runs; the rest must not.
      const policyViews = async () => {
        const body = (await call('GET', '/v1/policies')).body as unknown as
          { policies?: Record<string, unknown>[] } | Record<string, unknown>[];
        const list = Array.isArray(body) ? body : (body.policies ?? []);
        return list.map((p) => (p.cadence === '* * * * *' ? { ...p, nextFireAt: 'moves with the clock' } : p));
      };
      const views = await policyViews();
      expect(views.filter((v) => v.nextFireAt === 'moves with the clock')).toHaveLength(1);

      const result = await replayProjections(config, logger, {}, () => undefined);
      expect(result.switched).toBe(true);
      await query(`DROP SCHEMA IF EXISTS "${result.retiredSchema}" CASCADE`);

      expect(await snapshot()).toEqual(before);
      expect(await policyViews()).toEqual(views);
      // The same keys authenticate, and the revoked one still does not.
      expect((await call('GET', `/v1/runs/${runId}`, undefined, live.key)).body).toMatchObject({ runId, klBudget: 5 });
      expect((await call('GET', '/v1/runs', undefined, revoked.key)).status).toBe(401);
      // The period already requested on Kafka is not requested again; the next one is.
      expect((await scheduler.tick()).fired).toBe(0);
      clock.advance(60_000);
      expect((await scheduler.tick()).fired).toBe(1);
    } finally {
      await publisher.close();
      await call('DELETE', `/v1/policies/${everyMinute.id}`);
    }
  }, 240_000);
});
