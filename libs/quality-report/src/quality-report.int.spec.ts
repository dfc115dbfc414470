import { randomUUID } from 'node:crypto';
import { apiService } from '@hindsight/api-service';
import { projectorService } from '@hindsight/projector-service';
import { HindsightClient } from '@hindsight/client';
import {
  buildQualityReport,
  simulatePopulation,
  type PlantedBehaviour,
  type SimulationOptions,
} from '@hindsight/quality';
import { startService, type RunningService } from '@hindsight/runtime';
import { QualitySourceRepository } from '@hindsight/store';
import { freePort, startApiUnderTest, uniqueTenant, waitFor, type ApiUnderTest } from '@hindsight/test-support';
import { runSimulation, type SimulationSummary } from './simulate/run-simulation';
import { buildTenantQualityReport, loadQualityInput, type TenantQualityReport } from './tenant-quality-report';

/*
 * The quality engine end to end: the simulator's population goes through the real
 * api, Kafka and the projector into PostgreSQL; the report is read back as of T
 * through the same code as `hindsight quality report` and must find what was
 * planted. 60 raters and 10 000 comparisons (seed 7) is a size at which the pure
 * detector finds every planted rater (checked against the in-memory report below);
 * with 6 position-biased, 6 length-biased and 3 spamming raters, precision and
 * recall of at least 0.9 allow no mistake.
 */
describe('quality report through the platform', () => {
  const options: SimulationOptions = {
    raters: 60,
    comparisons: 10_000,
    seed: 7,
    positionBiased: 0.1,
    lengthBiased: 0.1,
    spammers: 0.05,
    groupConflict: 0.05,
    start: '2026-01-01T00:00:00.000Z',
    end: '2026-04-01T00:00:00.000Z',
  };
  let api: ApiUnderTest;
  let projector: RunningService;
  let tenant: string;
  let readKey: string;
  let ingestKey: string;
  let otherReadKey: string;
  let source: QualitySourceRepository;
  let summary: SimulationSummary;
  let asOf: string;
  let report: TenantQualityReport;

  const count = async (type: string): Promise<number> =>
    Number(
      (
        await projector.context.dataSource.query('SELECT count(*) AS n FROM events WHERE tenant = $1 AND type = $2', [
          tenant,
          type,
        ])
      )[0].n,
    );
  const get = async (path: string, key?: string) => {
    const response = await fetch(`${api.url}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    projector = await startService(projectorService, { ...process.env, PROJECTOR_PORT: String(await freePort()) });
    source = new QualitySourceRepository(projector.context.dataSource);
    tenant = uniqueTenant('quality');
    ingestKey = (await api.issueKey({ tenant, scopes: ['ingest'] })).key;
    readKey = (await api.issueKey({ tenant, scopes: ['read'] })).key;
    otherReadKey = (await api.issueKey({ tenant: uniqueTenant('elsewhere'), scopes: ['ingest', 'read'] })).key;

    const progress: number[] = [];
    summary = await runSimulation({
      sender: new HindsightClient({ baseUrl: api.url, apiKey: ingestKey, batchSize: 1000 }),
      options,
      onProgress: (d) => progress.push(d),
    });
    expect(progress[progress.length - 1]).toBe(10_060);
    await waitFor(
      async () => [await count('rater.profiled'), await count('comparison.recorded')],
      ([r, c]) => r === 60 && c === 10_000,
      120_000,
      'simulated events projected',
    );
    asOf = new Date().toISOString();
    report = await buildTenantQualityReport(source, { tenant, asOf });
  }, 240_000);

  afterAll(async () => {
    await projector?.app.close();
    await api?.close();
  });

  it('sends every rater profile and comparison once, with a truth file in the documented shape', () => {
    expect(summary).toMatchObject({
      raters: 60,
      comparisons: 10_000,
      events: 10_060,
      accepted: 10_060,
      replayed: 0,
      rejected: 0,
    });
    expect(summary.planted).toEqual({
      none: 42,
      'position-bias': 6,
      'length-bias': 6,
      spammer: 3,
      'group-conflict': 3,
    });
    const behaviours: PlantedBehaviour[] = ['none', 'position-bias', 'length-bias', 'spammer', 'group-conflict'];
    expect(Object.keys(summary.truth.raters)).toHaveLength(60);
    expect(Object.values(summary.truth.raters).every((b) => behaviours.includes(b))).toBe(true);
    expect(Object.values(summary.truth.models).every((s) => typeof s === 'number')).toBe(true);
    expect(Object.keys(summary.truth.models).length).toBeGreaterThanOrEqual(2);
  });

  it('flags the planted position-biased, length-biased and spamming raters with precision and recall ≥ 0.9, and orders the models truly', () => {
    expect(report.totals).toMatchObject({ comparisons: 10_000, raters: 60, profiles: 60 });
    const measured = (['position-bias', 'length-bias', 'spammer'] as const).map((flag) => {
      const flagged = new Set(report.raters.filter((r) => (r.flags as string[]).includes(flag)).map((r) => r.rater));
      const truth = new Set(
        Object.entries(summary.truth.raters)
          .filter(([, b]) => b === flag)
          .map(([id]) => id),
      );
      const hits = [...flagged].filter((id) => truth.has(id)).length;
      return { flag, precision: flagged.size === 0 ? 0 : hits / flagged.size, recall: hits / truth.size };
    });
    for (const m of measured) expect({ ...m, ok: m.precision >= 0.9 && m.recall >= 0.9 }).toEqual({ ...m, ok: true });

    const trueOrder = Object.entries(summary.truth.models)
      .sort((a, b) => b[1] - a[1])
      .map(([name]) => name);
    expect(report.models.map((m) => m.name)).toEqual(trueOrder);
  });

  it('reads back exactly what was simulated: the same flags as the in-memory report of the same population', () => {
    const sim = simulatePopulation(options);
    const pure = buildQualityReport({ comparisons: sim.comparisons, raters: sim.raters });
    const flags = (r: { raters: { rater: string; flags: readonly string[] }[] }) =>
      Object.fromEntries(r.raters.map((x) => [x.rater, [...x.flags].sort()]));
    expect(flags(report)).toEqual(flags(pure));
    expect(report.models.map((m) => m.name)).toEqual(pure.models.map((m) => m.name));
  });

  it('publishes nothing new when the same simulation runs again', async () => {
    const again = await runSimulation({
      sender: new HindsightClient({ baseUrl: api.url, apiKey: ingestKey, batchSize: 1000 }),
      options,
    });
    expect(again).toMatchObject({ events: 10_060, accepted: 0, replayed: 10_060, rejected: 0 });
    expect(again.idempotencyKeyPrefix).toBe(summary.idempotencyKeyPrefix);
    expect([await count('rater.profiled'), await count('comparison.recorded')]).toEqual([60, 10_000]);
  }, 120_000);

  it('leaves out comparisons retracted by T and applies corrections recorded by T, and only those', async () => {
    // Neither judged a tie: the second is corrected to a tie, so it must not have been one (the simulation makes some).
    const [first, second]: { id: string; task_id: string; rater_id: string }[] =
      await projector.context.dataSource.query(
        `SELECT id::text AS id, payload -> 'data' ->> 'taskId' AS task_id, payload -> 'data' ->> 'raterId' AS rater_id FROM events WHERE tenant = $1 AND type = 'comparison.recorded' AND payload -> 'data' -> 'choice' ->> 'kind' <> 'tie' ORDER BY id LIMIT 2`,
        [tenant],
      );
    const client = new HindsightClient({ baseUrl: api.url, apiKey: ingestKey });
    const suffix = randomUUID();
    const sent = await client.sendBatch([
      {
        type: 'annotation.retracted',
        idempotencyKey: `retract-${suffix}`,
        data: {
          annotationId: first.id,
          taskId: first.task_id,
          raterId: first.rater_id,
          reason: 'Rater misread the prompt.',
        },
      },
      {
        type: 'annotation.corrected',
        idempotencyKey: `correct-${suffix}`,
        data: {
          annotationId: second.id,
          annotationType: 'comparison.recorded',
          taskId: second.task_id,
          raterId: second.rater_id,
          corrected: { choice: { kind: 'tie' } },
          reason: 'Both are fine.',
        },
      },
    ]);
    expect(sent.accepted).toBe(2);
    await waitFor(
      () => count('annotation.retracted').then(async (r) => r + (await count('annotation.corrected'))),
      (n) => n === 2,
      30_000,
      'amendments projected',
    );
    await new Promise((r) => setTimeout(r, 5));
    const later = new Date().toISOString();

    const before = await loadQualityInput(source, { tenant, asOf });
    const after = await loadQualityInput(source, { tenant, asOf: later });
    expect(before.comparisons).toHaveLength(10_000);
    expect(before.skipped).toEqual({ retracted: 0, 'not-pairwise': 0 });
    expect(after.comparisons).toHaveLength(9_999);
    expect(after.skipped).toEqual({ retracted: 1, 'not-pairwise': 0 });
    expect(after.comparisons.find((c) => c.id === first.id)).toBeUndefined();
    expect(before.comparisons.find((c) => c.id === second.id)?.choice).not.toBe('tie');
    expect(after.comparisons.find((c) => c.id === second.id)?.choice).toBe('tie');
  });

  describe('GET /v1/quality/report', () => {
    it('answers 200 with the report of the key tenant as of T', async () => {
      const { status, body } = await get(`/v1/quality/report?asOf=${encodeURIComponent(asOf)}`, readKey);
      expect(status).toBe(200);
      expect(body).toMatchObject({ tenant, asOf, totals: { comparisons: 10_000, raters: 60 } });
      const raters = body.raters as { rater: string; flags: string[] }[];
      const models = body.models as { name: string; strength: number }[];
      expect(Object.fromEntries(raters.map((r) => [r.rater, r.flags]))).toEqual(
        Object.fromEntries(report.raters.map((r) => [r.rater, r.flags])),
      );
      expect(models.map((m) => m.name)).toEqual(report.models.map((m) => m.name));
      expect(models.every((m) => Number.isFinite(m.strength))).toBe(true);
    }, 60_000);

    it('refuses a key without the read scope (403) and a missing or bad asOf (400 naming the field)', async () => {
      expect((await get(`/v1/quality/report?asOf=${encodeURIComponent(asOf)}`, ingestKey)).status).toBe(403);
      expect((await get(`/v1/quality/report?asOf=${encodeURIComponent(asOf)}`)).status).toBe(401);
      const missing = await get('/v1/quality/report', readKey);
      expect(missing.status).toBe(400);
      expect(missing.body.issues).toEqual([expect.objectContaining({ path: 'asOf' })]);
      const bad = await get('/v1/quality/report?asOf=yesterday', readKey);
      expect(bad.status).toBe(400);
      expect(bad.body.issues).toEqual([expect.objectContaining({ path: 'asOf' })]);
      const unknown = await get(`/v1/quality/report?asOf=${encodeURIComponent(asOf)}&tenant=${tenant}`, readKey);
      expect(unknown.status).toBe(400);
      expect(unknown.body.issues).toEqual([expect.objectContaining({ path: 'tenant' })]);
    });

    it('shows another tenant nothing of this one', async () => {
      const { status, body } = await get(
        `/v1/quality/report?asOf=${encodeURIComponent(new Date().toISOString())}`,
        otherReadKey,
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({ totals: { comparisons: 0, raters: 0, profiles: 0 }, raters: [], models: [] });
      expect(body.tenant).not.toBe(tenant);
    });
  });
});
