import { randomBytes, randomUUID } from 'node:crypto';
import { formatUuidV7 } from '@hindsight/contracts';
import { replayProjections } from '@hindsight/projector-core';
import { binomialCentralInterval, routingDecisionId, routingDraw } from '@hindsight/routing';
import { DatasetSourceRepository } from '@hindsight/store';
import { comparisonInput, runCli, waitFor } from '@hindsight/test-support';
import { loggedInteraction, RoutingIntFixture } from './testing/routing-int-fixture';

/*
 * Routing on the real broker and database: the api logs interactions, the projector projects
 * them, the router (its own consumer group on the deployment topic) publishes its decisions,
 * and the projector turns them into review entries and queue tasks. Then: a second router
 * from the beginning adds nothing (exactly once), a replay into an empty schema rebuilds the
 * same decisions and tasks, and a user's erasure removes their routed task and its comparison
 * from the dataset builds that follow.
 */
describe('routing production traffic', () => {
  const f = new RoutingIntFixture();
  const N = 5000;
  const RATE = 0.1;
  const PAIRS = 12;
  const reviewRule = formatUuidV7(Date.now(), randomBytes(10));
  const taskRule = formatUuidV7(Date.now() + 1, randomBytes(10));
  const queueId = `routed-${randomUUID().slice(0, 8)}`;

  const tasks = () =>
    f.query<{
      task_id: string;
      prompt: string;
      responses: { id: string; modelVersion: string }[];
      redactions: Record<string, number> | null;
    }>(
      'SELECT task_id, prompt, responses, redactions FROM queue_tasks WHERE tenant = $1 AND queue_id = $2 ORDER BY seq, task_id',
      [f.tenant, queueId],
    );

  beforeAll(async () => {
    await f.start('routing');
    expect(
      (await f.api.post('/v1/queues', { id: queueId, name: 'Routed', overlap: 1, counterbalance: false }, f.admin))
        .status,
    ).toBe(201);
    await f.publishRule(reviewRule, {
      name: 'chat, 10 %',
      filter: { surfaces: ['chat'] },
      sampling: { mode: 'uniform', rate: RATE },
      action: { kind: 'review' },
    });
    await f.publishRule(taskRule, {
      name: 'help answers against m-b',
      filter: { surfaces: ['help'], modelVersions: ['m-a'] },
      sampling: { mode: 'uniform', rate: 1 },
      action: { kind: 'annotation-task', queueId, pairWith: { modelVersion: 'm-b' } },
    });
    // The second responses first (model m-b, another surface), then the production answers the rule routes.
    await f.logBatch(
      Array.from({ length: PAIRS }, (_, i) =>
        loggedInteraction(`pair-b-${i}`, {
          prompt: i === 0 ? 'How do I reset password 0? I am ada@example.com' : `How do I reset password ${i}?`,
          response: `Open settings ${i}.`,
          modelVersion: 'm-b',
          surface: 'shadow',
        }),
      ),
    );
    await f.logBatch(
      Array.from({ length: PAIRS }, (_, i) =>
        loggedInteraction(`pair-a-${i}`, {
          // The erased user's prompt carries an e-mail address, which redaction at ingestion replaces.
          prompt: i === 0 ? 'How do I reset password 0? I am ada@example.com' : `How do I reset password ${i}?`,
          response: `Click "forgot password" ${i}.`,
          modelVersion: 'm-a',
          surface: 'help',
          userId: i === 0 ? 'user-to-erase' : `user-${i}`,
        }),
      ),
    );
    await f.logBatch(
      Array.from({ length: N }, (_, i) =>
        loggedInteraction(`chat-${i}`, {
          prompt: `question ${i}`,
          response: `answer ${i}`,
          modelVersion: 'm-a',
          surface: 'chat',
          locale: 'en',
        }),
      ),
    );
  }, 300_000);

  afterAll(async () => {
    await f.stop();
  });

  it('routes 10 % of 5,000 interactions, within the binomial 99 % interval, exactly the ones the hash draws', async () => {
    const group = `router-${randomUUID().slice(0, 8)}`;
    const router = await f.startRouter(group);
    await f.routerCaughtUp(group);
    const expected = Array.from({ length: N }, (_, i) => `chat-${i}`)
      .filter((id) => routingDraw(reviewRule, id) < RATE)
      .sort();
    const routed = await waitFor(
      () => f.routedIds(reviewRule),
      (ids) => ids.length >= expected.length,
      60_000,
      'review decisions projected',
    );
    // Interval: the central 99 % of Binomial(n = 5000, p = 0.1), exact quantiles from the pmf (binomialCentralInterval).
    const { lo, hi } = binomialCentralInterval(N, RATE, 0.99);
    expect(routed.length).toBeGreaterThanOrEqual(lo);
    expect(routed.length).toBeLessThanOrEqual(hi);
    expect(routed).toEqual(expected);
    await router.stop();
  }, 300_000);

  it('makes one queue task per routed help answer, paired with m-b, and the api serves them', async () => {
    const made = await waitFor(tasks, (rows) => rows.length === PAIRS, 60_000, 'routed tasks');
    expect(made.map((t) => t.task_id).sort()).toEqual(
      Array.from({ length: PAIRS }, (_, i) => routingDecisionId(taskRule, `pair-a-${i}`)).sort(),
    );
    for (const t of made) expect(t.responses.map((r) => r.modelVersion)).toEqual(['m-a', 'm-b']);
    // Redacted at ingestion (PII redaction, default policy redact): the task shows the placeholder and keeps the counts.
    const withEmail = made.find((t) => t.task_id === routingDecisionId(taskRule, 'pair-a-0'))!;
    expect(withEmail.prompt).toBe('How do I reset password 0? I am [EMAIL]');
    expect(withEmail.redactions).toEqual({ email: 2 });
    const next = await fetch(`${f.api.url}/v1/tasks/next?queue=${queueId}&rater=rater-1`, {
      headers: { authorization: `Bearer ${f.admin}` },
    });
    expect(next.status).toBe(200);
    expect(((await next.json()) as { taskId: string }).taskId).toMatch(/^rt-/);
  });

  it('routes nothing twice: a second router from the beginning adds no decision and no task', async () => {
    const before = await f.routedEventCount();
    const group = `router-again-${randomUUID().slice(0, 8)}`;
    const again = await f.startRouter(group);
    await f.routerCaughtUp(group);
    await again.stop();
    // The projector has read whatever the second router published (each a decision id seen before).
    await f.projectorCaughtUp();
    expect(await f.routedEventCount()).toBe(before);
    expect((await tasks()).length).toBe(PAIRS);
  }, 300_000);

  it('rebuilds the same decisions and tasks from Kafka alone in an empty schema', async () => {
    const decisions = await f.routedIds(reviewRule);
    const taskRows = await tasks();
    const result = await replayProjections(f.config, f.logger, {}, () => undefined);
    expect(result.switched).toBe(true);
    if (result.switched) await f.query(`DROP SCHEMA IF EXISTS "${result.retiredSchema}" CASCADE`);
    expect(await f.routedIds(reviewRule)).toEqual(decisions);
    expect(await tasks()).toEqual(taskRows);
  }, 300_000);

  it("removes the erased user's routed task, and its comparison from every later dataset", async () => {
    const taskId = routingDecisionId(taskRule, 'pair-a-0');
    const judged = comparisonInput(0, `routed-${f.tenant}`);
    const comparison = { ...judged, data: { ...judged.data, taskId } };
    expect((await f.api.post('/v1/events', comparison, f.admin)).status).toBe(202);
    const snapshotTasks = async () => {
      const ids: string[] = [];
      await new DatasetSourceRepository(f.api.running.context.dataSource).withSnapshot(
        f.tenant,
        new Date().toISOString(),
        (s) =>
          s.streamComparisons(100, (rows) => {
            for (const r of rows) ids.push(r.data.taskId as string);
          }),
      );
      return ids;
    };
    await waitFor(snapshotTasks, (ids) => ids.includes(taskId), 30_000, 'the comparison in a dataset');

    const erasure = {
      type: 'subject.erasure.requested',
      data: { subjectKind: 'user', subjectId: 'user-to-erase', reason: 'GDPR art. 17' },
    };
    expect((await f.api.post('/v1/events', erasure, f.admin)).status).toBe(202);
    await waitFor(snapshotTasks, (ids) => !ids.includes(taskId), 30_000, 'the comparison gone from datasets');
    const left = await tasks();
    expect(left.map((t) => t.task_id)).not.toContain(taskId);
    expect(left).toHaveLength(PAIRS - 1);
  }, 120_000);

  it('manages rules through the api and the CLI, and lists the review list', async () => {
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${f.api.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${f.admin}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const spec = {
      name: 'api rule',
      filter: { locales: ['de'] },
      sampling: { mode: 'uniform', rate: 0.5 },
      action: { kind: 'review' },
    };
    const bad = await call('POST', '/v1/routing/rules', { ...spec, sampling: { mode: 'uniform', rate: 1.5 } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([expect.objectContaining({ path: 'sampling.rate' })]);
    const noQueue = await call('POST', '/v1/routing/rules', {
      ...spec,
      action: { kind: 'annotation-task', queueId: 'nope' },
    });
    expect(noQueue.status).toBe(400);
    expect(noQueue.body.issues).toEqual([expect.objectContaining({ path: 'action.queueId' })]);
    const created = await call('POST', '/v1/routing/rules', spec);
    expect(created.status).toBe(201);
    const ruleId = created.body.ruleId as string;
    await waitFor(
      () => call('GET', `/v1/routing/rules/${ruleId}`),
      (r) => r.status === 200,
      30_000,
      'the rule stored',
    );
    expect((await call('POST', `/v1/routing/rules/${ruleId}/pause`)).body).toMatchObject({
      status: 'paused',
      revision: 2,
    });
    const listed = JSON.parse((await runCli(['routing', 'list', '--tenant', f.tenant, '--json'])).stdout) as {
      ruleId: string;
    }[];
    expect(listed.map((r) => r.ruleId)).toEqual(expect.arrayContaining([reviewRule, taskRule, ruleId]));
    const review = await call('GET', `/v1/routing/rules/${reviewRule}/routed?limit=5`);
    expect(review.status).toBe(200);
    const items = review.body.items as { action: string; prompt: string }[];
    expect(items).toHaveLength(5);
    for (const item of items)
      expect(item).toMatchObject({ action: 'review', prompt: expect.stringMatching(/^question \d+$/) });
  }, 120_000);
});
