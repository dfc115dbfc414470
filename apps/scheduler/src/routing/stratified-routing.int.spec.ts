import { randomBytes, randomUUID } from 'node:crypto';
import { formatUuidV7 } from '@hindsight/contracts';
import { replayProjections } from '@hindsight/projector-core';
import { binomialCentralInterval, routingCellOf, routingDraw, stratifiedRates } from '@hindsight/routing';
import { comparisonInput, waitFor } from '@hindsight/test-support';
import { loggedInteraction, RoutingIntFixture } from './testing/routing-int-fixture';

/*
 * A stratified rule on the real broker and database. Two cells of production traffic
 * (objective|surface|locale|length bucket; these interactions name no surface, so a
 * comparison of the same objective, locale and prompt length counts in their cell):
 * `support` with 3,000 interactions and 400 annotated comparisons (over-annotated: 89 % of
 * the comparisons for 75 % of the traffic; 100 more retracted, which no longer count), `coding`
 * with 1,000 and 50 (under-annotated), and 100 comparisons of `helpfulness`, which has no
 * production traffic. The router reads
 * those counts (production over the window, comparisons all time) and routes each cell at
 * its `stratifiedRates` rate: the spec reads the counts back, computes the rates and the
 * hash draws with the library's pure functions, and expects exactly those decisions, once,
 * rebuilt the same from Kafka into an empty schema.
 */
describe('routing with a stratified rule', () => {
  const f = new RoutingIntFixture();
  const RATE = 0.1;
  const WINDOW_DAYS = 7;
  const rule = formatUuidV7(Date.now(), randomBytes(10));
  const cells = {
    support: { objective: 'support', interactions: 3000, comparisons: 400, retracted: 100 },
    coding: { objective: 'coding', interactions: 1000, comparisons: 50, retracted: 0 },
    helpfulness: { objective: 'helpfulness', interactions: 0, comparisons: 100, retracted: 0 },
  } as const;
  const SUPPORT = 'support|-|en|0-99';
  const CODING = 'coding|-|en|0-99';
  const HELPFULNESS = 'helpfulness|-|en|0-99';
  /** Every interaction the spec logs, with what the router sees of its cell. */
  const logged = Object.values(cells).flatMap((c) =>
    Array.from({ length: c.interactions }, (_, i) => ({
      interactionId: `${c.objective}-${i}`,
      prompt: `${c.objective} question ${i}`,
      objective: c.objective,
    })),
  );
  const cellOf = (l: (typeof logged)[number]) =>
    routingCellOf({ objective: l.objective, surface: null, locale: 'en', promptChars: l.prompt.length });
  const windowStart = () => new Date(Date.now() - WINDOW_DAYS * 86_400_000).toISOString();
  const decisions = () =>
    f.query<{ interaction_id: string; cell: string; rate: number }>(
      'SELECT interaction_id, cell, rate FROM routed_interactions WHERE tenant = $1 AND rule_id = $2 ORDER BY 1',
      [f.tenant, rule],
    );

  beforeAll(async () => {
    await f.start('stratified');
    await f.publishRule(rule, {
      name: 'support and coding, stratified 10 %',
      filter: { objectives: ['support', 'coding'] },
      sampling: { mode: 'stratified', rate: RATE },
      action: { kind: 'review' },
    });
    // The comparisons first (the router does not wait for the annotation topic), then the traffic.
    const tag = `strat-${randomUUID().slice(0, 8)}`;
    let n = 0;
    const judged = Object.values(cells).flatMap((c) =>
      Array.from({ length: c.comparisons + c.retracted }, (_, i) => {
        const input = comparisonInput(n++, tag);
        return { input: { ...input, data: { ...input.data, objective: c.objective } }, retract: i < c.retracted };
      }),
    );
    await f.logBatch(judged.map((j) => j.input));
    const stored = await waitFor(
      () =>
        f.query<{ annotation_id: string; task_id: string; rater_id: string }>(
          'SELECT annotation_id, task_id, rater_id FROM comparisons WHERE tenant = $1',
          [f.tenant],
        ),
      (rows) => rows.length === judged.length,
      60_000,
      'the comparisons projected',
    );
    const retracted = new Set(judged.filter((j) => j.retract).map((j) => j.input.data.taskId));
    await f.logBatch(
      stored
        .filter((c) => retracted.has(c.task_id))
        .map((c) => ({
          type: 'annotation.retracted',
          idempotencyKey: `retract-${c.annotation_id}`,
          data: {
            annotationId: c.annotation_id,
            taskId: c.task_id,
            raterId: c.rater_id,
            reason: 'Misread the prompt.',
          },
        })),
    );
    await waitFor(
      () =>
        f.query<{ n: string }>('SELECT count(*) AS n FROM comparisons WHERE tenant = $1 AND retracted_at IS NOT NULL', [
          f.tenant,
        ]),
      (rows) => Number(rows[0].n) === retracted.size,
      60_000,
      'the retractions projected',
    );
    await f.logBatch(
      logged.map((l) =>
        loggedInteraction(l.interactionId, {
          prompt: l.prompt,
          response: `answer to ${l.prompt}`,
          modelVersion: 'm-a',
          objective: l.objective,
          locale: 'en',
        }),
      ),
    );
    await waitFor(
      () => f.repository.cellCounts(f.tenant, windowStart()),
      (counts) => sum(counts.production) === logged.length,
      120_000,
      'the interactions projected',
    );
  }, 300_000);

  afterAll(() => f.stop());

  it('counts production per cell over the window, and the annotated comparisons not retracted per cell', async () => {
    const counts = await f.repository.cellCounts(f.tenant, windowStart());
    expect(Object.fromEntries(counts.production)).toEqual({ [SUPPORT]: 3000, [CODING]: 1000 });
    expect(Object.fromEntries(counts.annotated)).toEqual({ [SUPPORT]: 400, [CODING]: 50, [HELPFULNESS]: 100 });
    // A window that starts after the traffic counts none of it (the comparisons are counted all time).
    const later = await f.repository.cellCounts(f.tenant, new Date(Date.now() + 1000).toISOString());
    expect(later.production.size).toBe(0);
    expect(sum(later.annotated)).toBe(550);
  });

  it('routes the under-annotated cell at a higher rate, exactly the interactions the draw puts below their cell rate', async () => {
    const counts = await f.repository.cellCounts(f.tenant, windowStart());
    const { rateOf } = stratifiedRates({ ...counts, rate: RATE });
    // By hand (stratified-rates.ts): budget B = 0.1 · 4000 = 400, A = 550; deficits support 0.75 · 950 − 400 = 312.5,
    // coding 0.25 · 950 − 50 = 187.5; rates 400 · 312.5 / 500 / 3000 = 1/12 and 400 · 187.5 / 500 / 1000 = 0.15.
    expect(rateOf(CODING)).toBeCloseTo(0.15, 12);
    expect(rateOf(SUPPORT)).toBeCloseTo(1 / 12, 12);
    const expected = logged
      .filter((l) => routingDraw(rule, l.interactionId) < rateOf(cellOf(l)))
      .map((l) => ({ interaction_id: l.interactionId, cell: cellOf(l), rate: rateOf(cellOf(l)) }))
      .sort((a, b) => (a.interaction_id < b.interaction_id ? -1 : 1));

    const group = `router-${randomUUID().slice(0, 8)}`;
    const router = await f.startRouter(group, WINDOW_DAYS);
    await f.routerCaughtUp(group);
    await f.projectorCaughtUp();
    const routed = await decisions();
    await router.stop();

    expect(routed.map((r) => r.interaction_id)).toEqual(expected.map((e) => e.interaction_id));
    for (const [i, r] of routed.entries()) {
      expect(r.cell).toBe(expected[i].cell);
      expect(Number(r.rate)).toBeCloseTo(expected[i].rate, 12);
    }
    // Each cell's share routed lies in the central 99 % of Binomial(its traffic, its rate), and coding's is the higher.
    const share = (cell: string, n: number) => {
      const k = routed.filter((r) => r.cell === cell).length;
      const { lo, hi } = binomialCentralInterval(n, rateOf(cell), 0.99);
      expect(k).toBeGreaterThanOrEqual(lo);
      expect(k).toBeLessThanOrEqual(hi);
      return k / n;
    };
    expect(share(CODING, 1000)).toBeGreaterThan(share(SUPPORT, 3000));
  }, 300_000);

  it('routes nothing twice: a second router from the beginning adds no decision', async () => {
    const before = await f.routedEventCount();
    const group = `router-again-${randomUUID().slice(0, 8)}`;
    const again = await f.startRouter(group, WINDOW_DAYS);
    await f.routerCaughtUp(group);
    await again.stop();
    await f.projectorCaughtUp();
    expect(await f.routedEventCount()).toBe(before);
    const [{ n, distinct }] = await f.query<{ n: string; distinct: string }>(
      'SELECT count(*) AS n, count(DISTINCT interaction_id) AS distinct FROM routed_interactions WHERE tenant = $1 AND rule_id = $2',
      [f.tenant, rule],
    );
    expect(Number(n)).toBe(before);
    expect(distinct).toBe(n);
  }, 300_000);

  it('rebuilds the same decisions, cells and rates from Kafka alone in an empty schema', async () => {
    const before = await decisions();
    expect(before.length).toBeGreaterThan(0);
    const result = await replayProjections(f.config, f.logger, {}, () => undefined);
    expect(result.switched).toBe(true);
    if (result.switched) await f.query(`DROP SCHEMA IF EXISTS "${result.retiredSchema}" CASCADE`);
    expect(await decisions()).toEqual(before);
  }, 300_000);
});

const sum = (counts: ReadonlyMap<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);
