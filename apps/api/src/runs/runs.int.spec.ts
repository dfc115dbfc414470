import { randomUUID } from 'node:crypto';
import { HindsightClient, type EventToSend } from '@hindsight/client';
import { projectorService } from '@hindsight/projector-service';
import { startService, type RunningService } from '@hindsight/runtime';
import { freePort, runCli, startApiUnderTest, uniqueTenant, waitFor, type ApiUnderTest } from '@hindsight/test-support';
import { apiService } from '../api-service';
import { responseSchemas } from '../docs/api-schemas';

/*
 * The reward-hacking monitor through the platform: a policy-training run reports
 * its metrics and human evaluations as events through the api; the projector
 * applies them; GET /v1/runs/:id shows both curves and the monitor's flags.
 */
describe('GET /v1/runs/:id', () => {
  let api: ApiUnderTest;
  let projector: RunningService;
  let tenant: string;
  let reader: string;
  let admin: string;
  let client: HindsightClient;

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    projector = await startService(projectorService, { ...process.env, PROJECTOR_PORT: String(await freePort()) });
    tenant = uniqueTenant('runs');
    reader = (await api.issueKey({ tenant, scopes: ['read'] })).key;
    admin = (await api.issueKey({ tenant, scopes: ['admin'] })).key;
    client = new HindsightClient({
      baseUrl: api.url,
      apiKey: (await api.issueKey({ tenant, scopes: ['ingest'] })).key,
    });
  });
  afterAll(async () => {
    await projector.app.close();
    await api.close();
  });

  const get = async (path: string, key = reader) => {
    const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const put = async (path: string, body: unknown, key = admin) => {
    const response = await fetch(`${api.url}${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  /** Reports a run: reward and KL every 100 steps, a human evaluation every 400. */
  async function report(
    runId: string,
    reward: (step: number) => number,
    winRate: (step: number) => number,
    kl: (step: number) => number,
  ): Promise<number> {
    const events: EventToSend[] = [];
    for (let step = 0; step <= 2000; step += 100) {
      events.push({ type: 'training.metrics.reported', data: { runId, step, meanReward: reward(step), kl: kl(step) } });
      if (step % 400 === 0)
        events.push({
          type: 'eval.human.reported',
          data: { runId, step, winRate: winRate(step), n: 200, baseline: 'policy-2026.03' },
        });
    }
    const result = await client.sendBatch(events);
    expect(result.rejected).toBe(0);
    return events.length;
  }
  const projected = (runId: string, n: number) =>
    waitFor(
      async () => {
        const view = (await get(`/v1/runs/${runId}`)).body as {
          curves?: { training: unknown[]; humanEval: unknown[] };
        };
        return (view.curves?.training.length ?? 0) + (view.curves?.humanEval.length ?? 0);
      },
      (count) => count === n,
      30_000,
      `the metrics of ${runId} projected`,
    );

  it('flags a run whose reward keeps rising while the human win rate falls, and shows both curves', async () => {
    const runId = `ppo-${randomUUID().slice(0, 8)}`;
    const n = await report(
      runId,
      (s) => 0.1 + s / 1000 + 0.01 * Math.sin(s),
      (s) => (s <= 800 ? 0.5 + s / 4000 : 0.7 - (s - 800) / 5000),
      (s) => s / 500,
    );
    await projected(runId, n);
    const { status, body } = await get(`/v1/runs/${runId}`);
    expect(status).toBe(200);
    const view = body as {
      runId: string;
      klBudget: null;
      curves: {
        training: { step: number; meanReward: number; kl: number }[];
        humanEval: { step: number; winRate: number; n: number }[];
      };
      monitor: { status: string; flags: string[]; reasons: string[] };
    };
    expect(view.runId).toBe(runId);
    expect(view.curves.training.map((p) => p.step)).toEqual(Array.from({ length: 21 }, (_, i) => i * 100));
    expect(view.curves.humanEval.map((p) => [p.step, p.n])).toEqual(
      [0, 400, 800, 1200, 1600, 2000].map((s) => [s, 200]),
    );
    expect(view.monitor).toMatchObject({ status: 'flagged', flags: ['reward-hacking'] });
    expect(view.monitor.reasons[0]).toMatch(/the mean reward rises .* while the human win rate is falling or flat/);

    // With a KL budget of 3 nats the run is also over budget from step 1600 (KL = step / 500).
    const budgeted = await put(`/v1/runs/${runId}/budget`, { klBudget: 3 });
    expect(budgeted.status).toBe(200);
    expect(budgeted.body).toMatchObject({
      klBudget: 3,
      monitor: { flags: ['kl-over-budget', 'reward-hacking'], kl: { budget: 3, firstStepOverBudget: 1600, max: 4 } },
    });
    const listed = (await get('/v1/runs')).body;
    expect(listed.runs).toContainEqual(
      expect.objectContaining({ runId, status: 'flagged', flags: ['kl-over-budget', 'reward-hacking'] }),
    );

    // The answers parse with the zod schemas /docs/openapi.json is generated from (and a view without its monitor does not).
    const schemas = responseSchemas();
    expect([
      schemas.Run.schema.safeParse(body).error?.issues,
      schemas.Run.schema.safeParse(budgeted.body).error?.issues,
      schemas.RunList.schema.safeParse(listed).error?.issues,
    ]).toEqual([undefined, undefined, undefined]);
    const { monitor: _monitor, ...withoutMonitor } = budgeted.body;
    expect(schemas.Run.schema.safeParse(withoutMonitor).success).toBe(false);
  });

  it('does not flag a run whose human win rate rises with the reward', async () => {
    const runId = `ppo-${randomUUID().slice(0, 8)}`;
    const n = await report(
      runId,
      (s) => s / 1000,
      (s) => 0.5 + s / 8000,
      () => 1,
    );
    await projected(runId, n);
    expect((await get(`/v1/runs/${runId}`)).body).toMatchObject({ monitor: { status: 'ok', flags: [] } });
  });

  it('answers 404 for an unknown run, 400 naming the field for a bad budget, 403 to a reader setting one', async () => {
    expect((await get(`/v1/runs/nothing-${randomUUID().slice(0, 8)}`)).status).toBe(404);
    const bad = await put('/v1/runs/some-run/budget', { klBudget: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: 'validation',
      issues: [{ path: 'klBudget', rule: 'must be a positive number (nats)' }],
    });
    expect((await put('/v1/runs/some-run/budget', { klBudget: 2 }, reader)).status).toBe(403);
    // Another tenant sees nothing of these runs.
    const other = (await api.issueKey({ tenant: uniqueTenant('other'), scopes: ['read'] })).key;
    expect((await get('/v1/runs', other)).body).toEqual({ runs: [] });
  });

  it('hindsight runs budget sets the budget from the command line, as JSON with --json, and refuses a bad one with exit 2', async () => {
    const runId = `ppo-${randomUUID().slice(0, 8)}`;
    const n = await report(
      runId,
      (s) => s / 1000,
      (s) => 0.5 + s / 8000,
      (s) => s / 200,
    );
    await projected(runId, n);
    const set = await runCli(['runs', 'budget', runId, '--tenant', tenant, '--kl', '6', '--json']);
    expect(set.code).toBe(0);
    // KL reaches 10 nats at step 2000, above the budget of 6.
    expect(JSON.parse(set.stdout)).toMatchObject({
      runId,
      klBudget: 6,
      monitor: { flags: expect.arrayContaining(['kl-over-budget']) },
    });
    expect((await get(`/v1/runs/${runId}`)).body).toMatchObject({ klBudget: 6 });
    const bad = await runCli(['runs', 'budget', runId, '--tenant', tenant, '--kl', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('klBudget');
  }, 60_000);

  it('refuses a budget for a run the tenant does not have: 404 naming the run, nothing published (#12)', async () => {
    const runId = `ppo-${randomUUID().slice(0, 8)}`;
    const n = await report(
      runId,
      (s) => s / 1000,
      (s) => 0.5 + s / 8000,
      (s) => s / 500,
    );
    await projected(runId, n);
    const otherTenant = uniqueTenant('not-owner');
    const otherAdmin = (await api.issueKey({ tenant: otherTenant, scopes: ['admin', 'read'] })).key;
    const refused = await put(`/v1/runs/${runId}/budget`, { klBudget: 1 }, otherAdmin);
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ error: 'not-found', message: `run ${runId} not found` });
    // Nothing was stored for the other tenant, and the owner's run has no budget from it.
    expect((await get(`/v1/runs/${runId}`, otherAdmin)).status).toBe(404);
    expect((await get(`/v1/runs/${runId}`)).body).toMatchObject({ klBudget: null });
    const cli = await runCli(['runs', 'budget', runId, '--tenant', otherTenant, '--kl', '2']);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain(`run ${runId} not found`);
    // A run id nobody has is refused the same way.
    expect((await put(`/v1/runs/nobody-${randomUUID().slice(0, 8)}/budget`, { klBudget: 1 })).status).toBe(404);
    expect((await put(`/v1/runs/${runId}/budget`, { klBudget: 1 })).status).toBe(200);
  }, 60_000);

  it('gives each tenant its own run when two tenants request the same client-chosen run id (#12)', async () => {
    const runId = `shared-${randomUUID().slice(0, 8)}`;
    const tenants = [uniqueTenant('run-a'), uniqueTenant('run-b')];
    const keys = await Promise.all(
      tenants.map(async (t) => (await api.issueKey({ tenant: t, scopes: ['admin', 'read'] })).key),
    );
    for (const [i, k] of keys.entries()) {
      const response = await api.post(
        '/v1/events',
        {
          type: 'retrain.requested',
          idempotencyKey: `req-${runId}`,
          data: {
            runId,
            trigger: { kind: 'manual', requestedBy: `person-${i}` },
            asOf: '2026-01-01T00:00:00.000Z',
            objectives: ['helpfulness'],
            recipe: { id: 'default', version: i + 1 },
          },
        },
        k,
      );
      expect(response.status).toBe(202);
    }
    const rows = await waitFor(
      () =>
        api.running.context.dataSource.query(
          'SELECT tenant, reason, period, policy_id FROM retrain_requests WHERE run_id = $1 ORDER BY tenant',
          [runId],
        ) as Promise<unknown[]>,
      (r) => r.length === 2,
      30_000,
      'both requests projected',
    );
    expect(rows).toEqual(
      [...tenants].sort().map((tenant) => ({ tenant, reason: 'manual', period: null, policy_id: null })),
    );
    for (const [i, k] of keys.entries()) {
      const view = await get(`/v1/runs/${runId}`, k);
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ runId, status: 'requested' });
      const requested = await api.running.context.dataSource.query(
        'SELECT requested FROM retrain_runs WHERE tenant = $1 AND run_id = $2',
        [tenants[i], runId],
      );
      expect(requested[0].requested).toMatchObject({ recipe: { version: i + 1 } });
    }
  }, 60_000);
});
