import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiService } from '@hindsight/api-service';
import { projectorService } from '@hindsight/projector-service';
import { HindsightClient } from '@hindsight/client';
import { buildDataset, normaliseRecipe, type DatasetManifest } from '@hindsight/datasets';
import { plantJudges, simulatePopulation, type SimulationOptions } from '@hindsight/quality';
import { codeVersion, startService, type RunningService } from '@hindsight/runtime';
import { QualitySourceRepository } from '@hindsight/store';
import { freePort, startApiUnderTest, uniqueTenant, waitFor, type ApiUnderTest } from '@hindsight/test-support';
import { sendPlantedJudges } from './simulate/judge-events';
import { runSimulation } from './simulate/run-simulation';
import { buildTenantQualityReport, type TenantQualityReport } from './tenant-quality-report';

/*
 * AI judges end to end: 30 simulated people (3 of them position-biased) and three planted
 * model judges — one that follows the people's plurality 90 % of the time, one that picks the
 * response shown first 70 % of the time (first-win rate 0.85), one that flips a coin — each
 * judging half the tasks, all sent through the api as `rater.profiled` v2 and
 * `comparison.recorded`, projected through Kafka into PostgreSQL, then read back by the
 * quality report and by dataset builds as of T. The pure report of the same population gives
 * agreeing κ 0.81 [0.76, 0.86], position-biased κ 0.33 with first-win 0.83, random κ 0.03
 * [−0.05, 0.13] (measure-judges.unit.spec.ts), so a recipe's minKappa 0.6 must admit the
 * first judge only.
 */
describe('AI judges through the platform', () => {
  const options: SimulationOptions = {
    raters: 30,
    comparisons: 3000,
    seed: 7,
    positionBiased: 0.1,
    lengthBiased: 0,
    spammers: 0,
    groupConflict: 0,
    start: '2026-01-01T00:00:00.000Z',
    end: '2026-04-01T00:00:00.000Z',
  };
  const judgeOptions = {
    seed: 11,
    share: 0.5,
    judges: [
      { raterId: 'judge-agreeing', behaviour: 'agreeing', modelId: 'judge-model-a', promptVersion: 'pairwise-v1' },
      { raterId: 'judge-first', behaviour: 'position-biased' },
      { raterId: 'judge-random', behaviour: 'random' },
    ],
  } as const;
  const planted = plantJudges(simulatePopulation(options), judgeOptions);
  const judged = (judge: string) => planted.comparisons.filter((c) => c.raterId === judge).length;
  const out = mkdtempSync(join(tmpdir(), 'hindsight-judges-'));
  let api: ApiUnderTest;
  let projector: RunningService;
  let tenant: string;
  let readKey: string;
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

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    projector = await startService(projectorService, { ...process.env, PROJECTOR_PORT: String(await freePort()) });
    tenant = uniqueTenant('judges');
    const ingestKey = (await api.issueKey({ tenant, scopes: ['ingest'] })).key;
    readKey = (await api.issueKey({ tenant, scopes: ['read'] })).key;
    const client = new HindsightClient({ baseUrl: api.url, apiKey: ingestKey, batchSize: 1000 });
    const people = await runSimulation({ sender: client, options });
    expect(people).toMatchObject({ accepted: 3030, rejected: 0 });
    const judges = await sendPlantedJudges(client, options, judgeOptions);
    expect(judges).toMatchObject({ accepted: 3 + planted.comparisons.length, replayed: 0, rejected: 0 });
    expect(judges.truth).toEqual(planted.truth);
    await waitFor(
      async () => [await count('rater.profiled'), await count('comparison.recorded')],
      ([r, c]) => r === 33 && c === 3000 + planted.comparisons.length,
      120_000,
      'people and judges projected',
    );
    asOf = new Date().toISOString();
    report = await buildTenantQualityReport(new QualitySourceRepository(projector.context.dataSource), {
      tenant,
      asOf,
    });
  }, 240_000);

  afterAll(async () => {
    await projector?.app.close();
    await api?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('projects a judge as a model rater with its model and prompt', async () => {
    const rows = await projector.context.dataSource.query(
      'SELECT rater_id, kind, model_id, prompt_version, constitution_version FROM raters WHERE tenant = $1 AND rater_id IN ($2, $3) ORDER BY rater_id',
      [tenant, 'judge-agreeing', 'rater-01'],
    );
    expect(rows).toEqual([
      {
        rater_id: 'judge-agreeing',
        kind: 'model',
        model_id: 'judge-model-a',
        prompt_version: 'pairwise-v1',
        constitution_version: null,
      },
      { rater_id: 'rater-01', kind: 'human', model_id: null, prompt_version: null, constitution_version: null },
    ]);
  });

  it('finds the planted position-biased judge with its bias, and no other judge', () => {
    expect(report.totals).toMatchObject({
      comparisons: 3000,
      raters: 30,
      judges: 3,
      judgeComparisons: planted.comparisons.length,
    });
    expect(report.judges.map((j) => j.rater)).toEqual(['judge-agreeing', 'judge-first', 'judge-random']);
    const [agreeing, first, random] = report.judges;
    expect(first.positionBias).toMatchObject({ flagged: true, favours: 'first' });
    const [low, high] = first.positionBias.ci as [number, number];
    expect(low).toBeLessThanOrEqual(planted.truth['judge-first'].expectedFirstWinRate);
    expect(high).toBeGreaterThanOrEqual(planted.truth['judge-first'].expectedFirstWinRate);
    expect([agreeing.positionBias.flagged, random.positionBias.flagged]).toEqual([false, false]);
    expect(agreeing.kappa).toBeGreaterThanOrEqual(0.6);
    expect(random.kappa).toBeLessThan(0.6);
    expect(random.kappaCi?.[0]).toBeLessThan(0);
  });

  it('serves the same judges from GET /v1/quality/report, and the same report twice', async () => {
    const response = await fetch(`${api.url}/v1/quality/report?asOf=${encodeURIComponent(asOf)}`, {
      headers: { authorization: `Bearer ${readKey}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { judges: unknown };
    expect(body.judges).toEqual(JSON.parse(JSON.stringify(report.judges)));
    const again = await buildTenantQualityReport(new QualitySourceRepository(projector.context.dataSource), {
      tenant,
      asOf,
    });
    expect(JSON.stringify(again)).toBe(JSON.stringify(report));
  }, 60_000);

  describe('datasets with and without judge labels', () => {
    const build = (name: string, recipe: object) =>
      buildDataset(projector.context.dataSource, {
        tenant,
        asOf,
        recipe: normaliseRecipe(recipe),
        outDir: join(out, name),
        codeVersion: codeVersion(),
      });
    const rowIds = (name: string) =>
      new Set(
        ['train', 'validation', 'test'].flatMap((s) =>
          readFileSync(join(out, name, `${s}.jsonl`), 'utf8')
            .split('\n')
            .filter((l) => l !== '')
            .map((l) => (JSON.parse(l) as { id: string }).id),
        ),
      );
    // deduplicate off: with it, most of an agreeing judge's pairs are copies of the people's and are dropped as duplicates
    const base = { deduplicate: false };
    let without: DatasetManifest;
    let withJudges: DatasetManifest;

    beforeAll(async () => {
      without = await build('without', base);
      withJudges = await build('with', { ...base, judges: { include: 'qualified', minKappa: 0.6 } });
    }, 120_000);

    it('admits the agreeing judge and not the random or position-biased one, with the kappas of the report', () => {
      const kappaOf = Object.fromEntries(report.judges.map((j) => [j.rater, [j.kappa, j.kappaCi]]));
      expect(withJudges.judges?.map((j) => [j.rater, j.admitted, j.reason])).toEqual([
        ['judge-agreeing', true, null],
        ['judge-first', false, 'below-min-kappa'],
        ['judge-random', false, 'below-min-kappa'],
      ]);
      for (const j of withJudges.judges ?? []) expect([j.kappa, j.kappaCi]).toEqual(kappaOf[j.rater]);
      expect(without.judges?.map((j) => j.reason)).toEqual(['not-included', 'not-included', 'not-included']);
    });

    it("differs exactly by the admitted judge's comparisons, counted apart in the manifest", async () => {
      const judgeEventIds: { id: string; choice: string; a: string; b: string }[] =
        await projector.context.dataSource.query(
          `SELECT id::text AS id, payload -> 'data' -> 'choice' ->> 'responseId' AS choice,
                  payload -> 'data' -> 'responses' -> 0 ->> 'id' AS a, payload -> 'data' -> 'responses' -> 1 ->> 'id' AS b
             FROM events WHERE tenant = $1 AND type = 'comparison.recorded' AND payload -> 'data' ->> 'raterId' = 'judge-agreeing'`,
          [tenant],
        );
      expect(judgeEventIds).toHaveLength(judged('judge-agreeing'));
      const expected = new Set(judgeEventIds.map((e) => `${e.id}:${e.choice}>${e.choice === e.a ? e.b : e.a}`));
      const before = rowIds('without');
      const after = rowIds('with');
      expect([...before].filter((id) => !after.has(id))).toEqual([]);
      const added = new Set([...after].filter((id) => !before.has(id)));
      expect(added).toEqual(expected);
      expect(withJudges.counts.byLabelSource).toEqual({
        human: without.counts.byLabelSource?.human,
        judge: judged('judge-agreeing'),
      });
      expect(without.counts.byLabelSource?.judge).toBe(0);
      expect(without.counts.byExclusionReason['judge-not-admitted']).toBe(planted.comparisons.length);
      expect(withJudges.counts.byExclusionReason['judge-not-admitted']).toBe(
        judged('judge-first') + judged('judge-random'),
      );
    });

    it('is reproducible: the same build twice gives the same bytes', async () => {
      const again = await build('with-again', { ...base, judges: { include: 'qualified', minKappa: 0.6 } });
      expect(again.sha256).toBe(withJudges.sha256);
      for (const file of readdirSync(join(out, 'with')))
        expect(readFileSync(join(out, 'with-again', file)).equals(readFileSync(join(out, 'with', file)))).toBe(true);
    }, 60_000);
  });
});
