import { loadPlatformConfig } from '@hindsight/config';
import { topicName, topicOf } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { endOffsetTotal, startApiUnderTest, uniqueTenant, waitFor, type ApiUnderTest } from '@hindsight/test-support';
import { apiService } from '../api-service';
import { createQueueWithTasks } from './testing/queue-int-fixture';

interface Served {
  assignmentId: string;
  taskId: string;
  shownOrder: string[];
  reversalOf: string | null;
  expiresAt: string;
  progress: { completed: number; total: number };
}

/** A comparison as /v1/comparisons takes it, as an event of POST /v1/events: the key outside `data`. */
const splitData = ({ idempotencyKey, ...data }: Record<string, unknown>) => ({ idempotencyKey, data });

const task = (taskId: string) => ({
  taskId,
  prompt: `Prompt of ${taskId}`,
  responses: [
    { id: 'r1', text: `one for ${taskId}`, modelVersion: 'm@1' },
    { id: 'r2', text: `two for ${taskId}`, modelVersion: 'm@2' },
  ],
});

describe('queue correctness: open assignments, leases, finished assignments, reversal checks, rater keys', () => {
  let api: ApiUnderTest;
  let shortLease: ApiUnderTest;
  let tenant: string;
  let admin: string;

  const next = async (target: ApiUnderTest, queue: string, key: string, rater?: string) => {
    const qs = new URLSearchParams({ queue, ...(rater !== undefined && { rater }) });
    const response = await fetch(`${target.url}/v1/tasks/next?${qs}`, { headers: { authorization: `Bearer ${key}` } });
    const text = await response.text();
    return {
      status: response.status,
      body: (text === '' ? undefined : JSON.parse(text)) as Served & { issues?: { path: string; rule: string }[] },
    };
  };
  const judge = (
    target: ApiUnderTest,
    assignmentId: string,
    key: string,
    body: Record<string, unknown> = { choice: { kind: 'preferred', responseId: 'r2' }, strength: 2, dwellTimeMs: 1200 },
  ) => target.post(`/v1/assignments/${assignmentId}/judgment`, body, key);
  const queueWith = (target: ApiUnderTest, body: Record<string, unknown>, ids: string[]) =>
    createQueueWithTasks(
      target,
      admin,
      { name: 'q', objective: 'helpfulness', guidelineVersion: 'g-7', ...body },
      ids.map(task),
    );
  const raterKey = async (target: ApiUnderTest, name: string) =>
    (await target.issueKey({ tenant, scopes: ['rater'], name })).key;

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    shortLease = await startApiUnderTest(apiService, { QUEUE_LEASE_SECONDS: '1' });
    tenant = uniqueTenant('correct');
    admin = (await api.issueKey({ tenant, scopes: ['ingest', 'admin'] })).key;
  });
  afterAll(async () => {
    await shortLease?.close();
    await api?.close();
  });

  it('gives a rater who asks again their open assignment back, with the lease expiry and the progress', async () => {
    const queueId = await queueWith(api, { overlap: 1, counterbalance: false }, ['t1', 't2']);
    const ada = await raterKey(api, 'ada');
    const first = await next(api, queueId, ada);
    expect(first.status).toBe(200);
    expect(first.body.progress).toEqual({ completed: 0, total: 2 });
    const again = await next(api, queueId, ada);
    expect(again.body.assignmentId).toBe(first.body.assignmentId);
    expect(Date.parse(first.body.expiresAt) - Date.now()).toBeGreaterThan(1700 * 1000);
    expect((await judge(api, first.body.assignmentId, ada)).status).toBe(202);
    const then = await next(api, queueId, ada);
    expect(then.body.taskId).toBe('t2');
    expect(then.body.progress).toEqual({ completed: 1, total: 2 });
  });

  it('refuses a second judgment of a finished assignment with 409, on the judgment route and on /v1/comparisons', async () => {
    const queueId = await queueWith(api, { overlap: 1, counterbalance: false, taskType: 'qa' }, ['t1']);
    const bea = await raterKey(api, 'bea');
    const served = (await next(api, queueId, bea)).body;
    expect((await judge(api, served.assignmentId, bea)).status).toBe(202);
    const twice = await judge(api, served.assignmentId, bea, { choice: { kind: 'tie' }, dwellTimeMs: 10 });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({
      error: 'conflict',
      issues: [{ path: 'assignmentId', rule: expect.stringContaining('already judged') }],
    });
    const direct = await api.post(
      '/v1/comparisons',
      {
        taskId: 't1',
        taskType: 'qa',
        prompt: 'Prompt of t1',
        responses: task('t1').responses,
        shownOrder: served.shownOrder,
        choice: { kind: 'tie' },
        objective: 'helpfulness',
        raterId: 'bea',
        guidelineVersion: 'g-7',
        dwellTimeMs: 5,
        locale: 'en',
        queueId,
        assignmentId: served.assignmentId,
      },
      admin,
    );
    expect(direct.status).toBe(409);
  });

  it('answers a retry of the judgment that judged an assignment (the same request) with its first 202 and publishes nothing; any other judgment of it is 409', async () => {
    const queueId = await queueWith(api, { overlap: 1, counterbalance: false, taskType: 'qa' }, ['again-1', 'again-2']);
    const dot = await raterKey(api, 'dot');
    // The judgment route: a client that lost the first answer sends the same body again.
    const served = (await next(api, queueId, dot)).body;
    const first = await judge(api, served.assignmentId, dot);
    expect(first.status).toBe(202);
    const retried = await judge(api, served.assignmentId, dot);
    expect(retried.status).toBe(202);
    // The same event (a second publish would be a new event with an id of its own).
    expect(retried.body).toEqual(first.body);
    const changed = await judge(api, served.assignmentId, dot, { choice: { kind: 'tie' }, dwellTimeMs: 10 });
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({
      error: 'conflict',
      issues: [{ path: 'assignmentId', rule: expect.stringContaining('already judged') }],
    });

    // POST /v1/comparisons with an idempotency key of the client's.
    const other = (await next(api, queueId, dot)).body;
    const comparison = (idempotencyKey: string, dwellTimeMs = 5) => ({
      idempotencyKey,
      taskId: other.taskId,
      taskType: 'qa',
      prompt: `Prompt of ${other.taskId}`,
      responses: task(other.taskId).responses,
      shownOrder: other.shownOrder,
      choice: { kind: 'tie' },
      objective: 'helpfulness',
      raterId: 'dot',
      guidelineVersion: 'g-7',
      dwellTimeMs,
      locale: 'en',
      queueId,
      assignmentId: other.assignmentId,
    });
    const direct = await api.post('/v1/comparisons', comparison('again-direct'), admin);
    expect(direct.status).toBe(202);
    const replayed = await api.post('/v1/comparisons', comparison('again-direct'), admin);
    expect(replayed.status).toBe(202);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body).toEqual(direct.body);
    for (const refused of [comparison('again-another-key'), comparison('again-direct', 6)]) {
      const answer = await api.post('/v1/comparisons', refused, admin);
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({
        error: 'conflict',
        issues: [{ path: 'assignmentId', rule: expect.stringContaining('already judged') }],
      });
    }
    // In a batch, the retry is replayed and the other judgment refused, each in its own result.
    const batch = await api.post(
      '/v1/events/batch',
      {
        events: [
          { type: 'comparison.recorded', ...splitData(comparison('again-direct')) },
          { type: 'comparison.recorded', ...splitData(comparison('again-batch-key')) },
        ],
      },
      admin,
    );
    expect(batch.status).toBe(207);
    expect(batch.body).toMatchObject({
      accepted: 1,
      rejected: 1,
      results: [
        { index: 0, status: 'accepted', replayed: true, id: (direct.body as { id: string }).id },
        {
          index: 1,
          status: 'rejected',
          issues: [{ path: 'events[1].data.assignmentId', rule: expect.stringContaining('already judged') }],
        },
      ],
    });
  });

  it('publishes one of many concurrent judgments of one assignment with different idempotency keys, on two api replicas; the others are 409', async () => {
    const config = loadPlatformConfig();
    const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'queue-correctness' });
    const comparisons = topicName(config.kafka.topicPrefix, topicOf('comparison.recorded'));
    const queueId = await queueWith(api, { overlap: 1, counterbalance: false, taskType: 'qa' }, ['race-1']);
    const cat = await raterKey(api, 'cat');
    const served = (await next(api, queueId, cat)).body;
    const before = await endOffsetTotal(kafka, comparisons);
    const comparison = (key: string) => ({
      idempotencyKey: key,
      taskId: 'race-1',
      taskType: 'qa',
      prompt: 'Prompt of race-1',
      responses: task('race-1').responses,
      shownOrder: served.shownOrder,
      choice: { kind: 'tie' },
      objective: 'helpfulness',
      raterId: 'cat',
      guidelineVersion: 'g-7',
      dwellTimeMs: 5,
      locale: 'en',
      queueId,
      assignmentId: served.assignmentId,
    });
    const answers = await Promise.all([
      judge(api, served.assignmentId, cat),
      judge(shortLease, served.assignmentId, cat, { choice: { kind: 'tie' }, dwellTimeMs: 7 }),
      ...Array.from({ length: 8 }, (_, i) =>
        (i % 2 === 0 ? api : shortLease).post('/v1/comparisons', comparison(`race-${i}`), admin),
      ),
    ]);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(answers.length - 1);
    // The two judgments on the judgment route share its key (judgment:<id>): the later of those may be told its key was used.
    answers.forEach((a, i) => {
      if (a.status === 409)
        expect(a.body).toMatchObject({
          error: 'conflict',
          issues: [
            {
              rule:
                i < 2
                  ? expect.stringMatching(/already judged|already used with a different request/)
                  : expect.stringContaining('already judged'),
            },
          ],
        });
    });
    // One comparison reached Kafka (the winner's 202 came after its acknowledgement; give stragglers a moment to show).
    await new Promise((r) => setTimeout(r, 1000));
    expect((await endOffsetTotal(kafka, comparisons)) - before).toBe(1);
    // A late judgment is 409 too.
    const late = await waitFor(
      () => api.post('/v1/comparisons', comparison('race-late'), admin),
      (a) => a.status === 409,
      30_000,
      'a late judgment refused',
    );
    expect(late.status).toBe(409);
  });

  it("shows the judgment's field errors under the fields as sent, and records nothing", async () => {
    const queueId = await queueWith(api, { overlap: 1, counterbalance: false }, ['t1']);
    const cal = await raterKey(api, 'cal');
    const served = (await next(api, queueId, cal)).body;
    const bad = await judge(api, served.assignmentId, cal, {
      choice: { kind: 'preferred', responseId: 'r9' },
      strength: 2,
      dwellTimeMs: 10,
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ issues: [{ path: 'choice.responseId', rule: expect.any(String) }] });
    const tieWithStrength = await judge(api, served.assignmentId, cal, {
      choice: { kind: 'tie' },
      strength: 3,
      dwellTimeMs: 10,
    });
    expect(tieWithStrength.body).toMatchObject({ issues: [{ path: 'strength' }] });
    expect((await judge(api, served.assignmentId, cal, { dwellTimeMs: 10 })).body).toMatchObject({
      issues: [{ path: 'choice' }],
    });
    // Nothing was recorded: the assignment is still open and can be judged.
    expect((await next(api, queueId, cal)).body.assignmentId).toBe(served.assignmentId);
    expect((await judge(api, served.assignmentId, cal)).status).toBe(202);
  });

  it("serves a queue's rubric with the task, refuses unknown dimensions and scores outside the scale with a 400 naming rubric.<id>, and records nothing", async () => {
    const rubric = [{ id: 'clarity', label: 'Clarity', scale: { min: 1, max: 5 } }];
    const queueId = await queueWith(api, { overlap: 1, counterbalance: false, rubric }, ['t1']);
    const dee = await raterKey(api, 'dee');
    const served = (await next(api, queueId, dee)).body as Served & { rubric: unknown };
    expect(served.rubric).toEqual(rubric);
    const outside = await judge(api, served.assignmentId, dee, {
      choice: { kind: 'tie' },
      dwellTimeMs: 10,
      rubric: { clarity: 6 },
    });
    expect(outside.status).toBe(400);
    expect(outside.body).toMatchObject({
      issues: [{ path: 'rubric.clarity', rule: 'must be an integer from 1 to 5' }],
    });
    const unknown = await judge(api, served.assignmentId, dee, {
      choice: { kind: 'tie' },
      dwellTimeMs: 10,
      rubric: { tone: 2 },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      issues: [{ path: 'rubric.tone', rule: expect.stringContaining('unknown dimension') }],
    });
    const longComment = await judge(api, served.assignmentId, dee, {
      choice: { kind: 'tie' },
      dwellTimeMs: 10,
      comment: 'x'.repeat(2001),
    });
    expect(longComment.status).toBe(400);
    expect(longComment.body).toMatchObject({ issues: [{ path: 'comment' }] });
    // Nothing was recorded: the assignment is still open, and a valid judgment with rubric and comment is accepted.
    expect((await next(api, queueId, dee)).body.assignmentId).toBe(served.assignmentId);
    expect(
      (
        await judge(api, served.assignmentId, dee, {
          choice: { kind: 'tie' },
          dwellTimeMs: 10,
          rubric: { clarity: 4 },
          comment: 'both fine',
        })
      ).status,
    ).toBe(202);
  });

  it("expires an assignment after its lease: the slot goes to another rater with the same order, the first rater's late judgment is 409", async () => {
    const lateAdmin = (await shortLease.issueKey({ tenant, scopes: ['ingest', 'admin'] })).key;
    const created = await shortLease.post('/v1/queues', { name: 'lease', overlap: 1, counterbalance: true }, lateAdmin);
    const queueId = (created.body as { id: string }).id;
    expect((await shortLease.post('/v1/tasks', { queueId, tasks: [task('t1')] }, lateAdmin)).status).toBe(201);
    const dee = await raterKey(shortLease, 'dee');
    const eli = await raterKey(shortLease, 'eli');
    const abandoned = (await next(shortLease, queueId, dee)).body;
    expect((await next(shortLease, queueId, eli)).status).toBe(204);
    await new Promise((r) => setTimeout(r, 1500));
    const taken = await next(shortLease, queueId, eli);
    expect(taken.status).toBe(200);
    expect(taken.body.taskId).toBe(abandoned.taskId);
    // The slot is taken again with its order (counterbalancing holds).
    expect(taken.body.shownOrder).toEqual(abandoned.shownOrder);
    const late = await judge(shortLease, abandoned.assignmentId, dee);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ issues: [{ path: 'assignmentId', rule: expect.stringContaining('expired') }] });
    expect((await next(shortLease, queueId, dee)).status).toBe(204);
  });

  it('lets a rater skip: the task goes to another rater, never back to them', async () => {
    const queueId = await queueWith(api, { overlap: 1, counterbalance: false }, ['t1', 't2']);
    const fay = await raterKey(api, 'fay');
    const gus = await raterKey(api, 'gus');
    const first = (await next(api, queueId, fay)).body;
    expect(first.taskId).toBe('t1');
    expect((await api.post(`/v1/assignments/${first.assignmentId}/skip`, {}, fay)).status).toBe(201);
    expect((await next(api, queueId, fay)).body.taskId).toBe('t2');
    expect((await next(api, queueId, gus)).body.taskId).toBe('t1');
    expect((await api.post(`/v1/assignments/${first.assignmentId}/skip`, {}, fay)).status).toBe(409);
  });

  it('serves reversal checks: the judged task again to the same rater, the order reversed, not counted in the quota', async () => {
    const queueId = await queueWith(api, { overlap: 1, counterbalance: false, reversalShare: 1 }, ['t1', 't2']);
    const hal = await raterKey(api, 'hal');
    const served: Served[] = [];
    for (;;) {
      const r = await next(api, queueId, hal);
      if (r.status === 204) break;
      served.push(r.body);
      expect((await judge(api, r.body.assignmentId, hal)).status).toBe(202);
      expect(served.length).toBeLessThanOrEqual(4);
    }
    expect(served.map((s) => [s.taskId, s.reversalOf === null ? 'first' : 'reversal'])).toEqual([
      ['t1', 'first'],
      ['t2', 'first'],
      ['t1', 'reversal'],
      ['t2', 'reversal'],
    ]);
    expect(served[2].reversalOf).toBe(served[0].assignmentId);
    expect(served[2].shownOrder).toEqual([...served[0].shownOrder].reverse());
    expect(served[3].shownOrder).toEqual([...served[1].shownOrder].reverse());
    expect(served[3].progress).toEqual({ completed: 2, total: 2 });
  });

  it('keeps a rater key to its own assignments', async () => {
    const queueId = await queueWith(api, { overlap: 2, counterbalance: false }, ['t1']);
    const ida = await raterKey(api, 'ida');
    const jon = await raterKey(api, 'jon');
    expect((await next(api, queueId, ida, 'jon')).status).toBe(403);
    const mine = (await next(api, queueId, ida)).body;
    expect((await judge(api, mine.assignmentId, jon)).status).toBe(404);
    expect((await api.post('/v1/tasks', { queueId, tasks: [task('t9')] }, ida)).status).toBe(403);
    expect((await api.post('/v1/events', { type: 'rater.profiled', data: { raterId: 'ida' } }, ida)).status).toBe(403);
    // Naming the rater is refused at issue time unless it is a rater id, and rater takes no other scope.
    await expect(api.issueKey({ tenant, scopes: ['rater', 'ingest'], name: 'kim' })).rejects.toThrow();
    await expect(api.issueKey({ tenant, scopes: ['rater'] })).rejects.toThrow();
  });
});
