import { randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import { NUL_RULE, topicName, topicOf } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { QueueAssignmentRepository } from '@hindsight/store';
import { endOffsetTotal, startApiUnderTest, uniqueTenant, type ApiUnderTest } from '@hindsight/test-support';
import { apiService } from '../api-service';
import { assignmentComparison, createQueueWithTasks, queueTask, type ServedTask } from './testing/queue-int-fixture';

const config = loadPlatformConfig();
const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'queues-test' });
const comparisonTopic = topicName(config.kafka.topicPrefix, topicOf('comparison.recorded'));

interface Issue {
  path: string;
  rule: string;
}
describe('annotation queues', () => {
  let api: ApiUnderTest;
  let key: string;
  let assignments: QueueAssignmentRepository;
  let tenant: string;

  const get = async (path: string, apiKey = key): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  };
  const next = (queue: string, rater: string, apiKey = key) =>
    get(`/v1/tasks/next?queue=${encodeURIComponent(queue)}&rater=${encodeURIComponent(rater)}`, apiKey);

  /** A queue with `count` tasks of `responses` responses each. */
  async function queueWithTasks(options: {
    overlap: number;
    counterbalance: boolean;
    count: number;
    responses?: number;
  }): Promise<string> {
    return createQueueWithTasks(
      api,
      key,
      { name: 'q', overlap: options.overlap, counterbalance: options.counterbalance, taskType: 'coding-help' },
      Array.from({ length: options.count }, (_, i) => queueTask(`task-${i + 1}`, options.responses)),
    );
  }

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    tenant = uniqueTenant('queues');
    key = (await api.issueKey({ tenant, scopes: ['ingest', 'admin'] })).key;
    assignments = new QueueAssignmentRepository(api.running.context.dataSource);
  });
  afterAll(() => api.close());

  describe('POST /v1/queues', () => {
    it("creates a queue with a generated id, or the id given, in the key's tenant", async () => {
      const generated = await api.post(
        '/v1/queues',
        {
          name: 'Coding help',
          overlap: 3,
          counterbalance: true,
          objective: 'helpfulness',
          guidelineVersion: 'g-2026.1',
        },
        key,
      );
      expect(generated.status).toBe(201);
      expect(generated.body).toMatchObject({
        name: 'Coding help',
        overlap: 3,
        counterbalance: true,
        taskType: null,
        objective: 'helpfulness',
        guidelineVersion: 'g-2026.1',
      });
      expect((generated.body as { id: string }).id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
      const named = await api.post(
        '/v1/queues',
        { id: 'queue-coding', name: 'Coding', overlap: 1, counterbalance: false, taskType: 'coding-help' },
        key,
      );
      expect(named.status).toBe(201);
      expect(named.body).toMatchObject({ id: 'queue-coding', taskType: 'coding-help' });
    });

    it('answers 409 for an id the tenant already uses', async () => {
      const body = { id: `dup-${randomUUID()}`, name: 'x', overlap: 1, counterbalance: false };
      expect((await api.post('/v1/queues', body, key)).status).toBe(201);
      const again = await api.post('/v1/queues', body, key);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: 'conflict', issues: [{ path: 'id', rule: 'already exists' }] });
    });

    const invalid: [string, Record<string, unknown>, string][] = [
      ['overlap below 1', { name: 'x', overlap: 0, counterbalance: false }, 'overlap'],
      ['fractional overlap', { name: 'x', overlap: 1.5, counterbalance: false }, 'overlap'],
      ['missing name', { overlap: 1, counterbalance: false }, 'name'],
      ['counterbalance not a boolean', { name: 'x', overlap: 1, counterbalance: 'yes' }, 'counterbalance'],
      [
        'a task type that is not a slug',
        { name: 'x', overlap: 1, counterbalance: false, taskType: 'Coding Help' },
        'taskType',
      ],
      ['an unknown field', { name: 'x', overlap: 1, counterbalance: false, colour: 'red' }, 'colour'],
    ];
    it.each(invalid)('rejects %s with a field-level 400', async (_name, body, path) => {
      const response = await api.post('/v1/queues', body, key);
      expect(response.status).toBe(400);
      expect((response.body as { issues: Issue[] }).issues.map((i) => i.path)).toContain(path);
    });

    it('needs the admin scope', async () => {
      const ingestOnly = (await api.issueKey({ tenant, scopes: ['ingest'] })).key;
      expect((await api.post('/v1/queues', { name: 'x', overlap: 1, counterbalance: false }, ingestOnly)).status).toBe(
        403,
      );
    });
  });

  describe('POST /v1/tasks', () => {
    it('answers per item: valid tasks are enqueued, invalid, duplicate and existing ones rejected with their field', async () => {
      const queueId = (await api.post('/v1/queues', { name: 'q', overlap: 1, counterbalance: false }, key)).body as {
        id: string;
      };
      expect((await api.post('/v1/tasks', { queueId: queueId.id, tasks: [queueTask('existing')] }, key)).status).toBe(
        201,
      );
      const noPrompt: Record<string, unknown> = queueTask('no-prompt');
      delete noPrompt.prompt;
      const sameResponseIds = {
        ...queueTask('same-ids'),
        responses: [queueTask('a').responses[0], queueTask('a').responses[0]],
      };
      const nulPrompt = { ...queueTask('nul-prompt'), prompt: 'a\u0000b' };
      const response = await api.post(
        '/v1/tasks',
        {
          queueId: queueId.id,
          tasks: [
            queueTask('fresh'),
            noPrompt,
            queueTask('one-response', 1),
            queueTask('fresh'),
            queueTask('existing'),
            sameResponseIds,
            'nope',
            nulPrompt,
          ],
        },
        key,
      );
      expect(response.status).toBe(207);
      const body = response.body as {
        accepted: number;
        rejected: number;
        results: { index: number; status: string; taskId?: string; issues?: Issue[] }[];
      };
      expect(body).toMatchObject({ queueId: queueId.id, accepted: 1, rejected: 7 });
      expect(body.results.map((r) => r.status)).toEqual([
        'accepted',
        'rejected',
        'rejected',
        'rejected',
        'rejected',
        'rejected',
        'rejected',
        'rejected',
      ]);
      expect(body.results[0].taskId).toBe('fresh');
      expect(body.results.slice(1).map((r) => r.issues?.[0])).toEqual([
        { path: 'tasks[1].prompt', rule: 'required' },
        { path: 'tasks[2].responses', rule: 'must have at least 2 items' },
        { path: 'tasks[3].taskId', rule: 'duplicate of tasks[0].taskId in this request' },
        { path: 'tasks[4].taskId', rule: `already in queue ${queueId.id}` },
        { path: 'tasks[5].responses[1].id', rule: 'must be unique' },
        { path: 'tasks[6]', rule: 'must be a JSON object' },
        { path: 'tasks[7].prompt', rule: NUL_RULE },
      ]);
    });

    it('answers 400 when no task is accepted, and for a request over 1000 tasks as a whole', async () => {
      const { id } = (await api.post('/v1/queues', { name: 'q', overlap: 1, counterbalance: false }, key)).body as {
        id: string;
      };
      expect((await api.post('/v1/tasks', { queueId: id, tasks: [queueTask('one', 1)] }, key)).status).toBe(400);
      const tooMany = await api.post(
        '/v1/tasks',
        { queueId: id, tasks: Array.from({ length: 1001 }, (_, i) => queueTask(`t${i}`)) },
        key,
      );
      expect(tooMany.status).toBe(400);
      expect(tooMany.body).toMatchObject({ issues: [{ path: 'tasks', rule: 'must have at most 1000 items' }] });
    });

    it('answers 404 for an unknown queue', async () => {
      const response = await api.post('/v1/tasks', { queueId: 'no-such-queue', tasks: [queueTask('t')] }, key);
      expect(response.status).toBe(404);
    });
  });

  describe('GET /v1/tasks/next', () => {
    it('gives each task to at most `overlap` raters, never twice to one rater, then answers 204', async () => {
      const queueId = await queueWithTasks({ overlap: 2, counterbalance: false, count: 3 });
      // Each task judged before the next is asked for (asking again answers the open assignment).
      const taken = async (rater: string) => {
        const ids: string[] = [];
        for (;;) {
          const r = await next(queueId, rater);
          if (r.status === 204) return ids;
          expect(r.status).toBe(200);
          const served = r.body as ServedTask;
          ids.push(served.taskId);
          expect(ids.length).toBeLessThanOrEqual(3);
          expect(
            (
              await api.post(
                `/v1/assignments/${served.assignmentId}/judgment`,
                { raterId: rater, choice: { kind: 'tie' }, dwellTimeMs: 1000 },
                key,
              )
            ).status,
          ).toBe(202);
        }
      };
      expect(await taken('alice')).toEqual(['task-1', 'task-2', 'task-3']);
      expect(await taken('bob')).toEqual(['task-1', 'task-2', 'task-3']);
      expect(await taken('carol')).toEqual([]);
      expect((await next(queueId, 'alice')).status).toBe(204);
    });

    it('answers the task with its responses in the order served', async () => {
      const queueId = await queueWithTasks({ overlap: 1, counterbalance: false, count: 1, responses: 3 });
      const r = await next(queueId, 'dora');
      expect(r.status).toBe(200);
      const body = r.body as ServedTask & { taskType: string };
      expect(body).toMatchObject({ queueId, taskId: 'task-1', prompt: 'Prompt of task-1', taskType: 'coding-help' });
      expect([...body.shownOrder].sort()).toEqual(['r1', 'r2', 'r3']);
      expect(body.responses.map((x) => x.id)).toEqual(body.shownOrder);
      expect(body.responses.find((x) => x.id === 'r2')).toEqual({
        id: 'r2',
        text: 'answer 2 to task-1',
        modelVersion: 'policy@2',
      });
    });

    it('holds under 20 concurrent requests: at most 2 raters per task, no task twice to a rater, every answer a stored assignment', async () => {
      const queueId = await queueWithTasks({ overlap: 2, counterbalance: false, count: 5 });
      const raters = ['r-a', 'r-b', 'r-c', 'r-d'];
      const requests = raters.flatMap((rater) => Array.from({ length: 5 }, () => rater));
      const answers = await Promise.all(requests.map(async (rater) => ({ rater, ...(await next(queueId, rater)) })));
      expect(answers.every((a) => a.status === 200 || a.status === 204)).toBe(true);
      // A rater asking again while a request of theirs is open gets that assignment back, so pairs can repeat in the answers.
      const served = [
        ...new Map(
          answers
            .filter((a) => a.status === 200)
            .map((a) => [
              (a.body as ServedTask).assignmentId,
              { rater: a.rater, taskId: (a.body as ServedTask).taskId },
            ]),
        ).values(),
      ];
      const perTask = new Map<string, number>();
      for (const s of served) perTask.set(s.taskId, (perTask.get(s.taskId) ?? 0) + 1);
      expect([...perTask.values()].every((n) => n <= 2)).toBe(true);
      expect(new Set(served.map((s) => `${s.rater}/${s.taskId}`)).size).toBe(served.length);
      // 10 slots: concurrent requests of one rater may each take a task, so some raters can end with none.
      expect(served.length).toBeLessThanOrEqual(10);
      const stored = await assignments.listByQueue(tenant, queueId);
      expect(stored.map((a) => `${a.raterId}/${a.taskId}`).sort()).toEqual(
        served.map((s) => `${s.rater}/${s.taskId}`).sort(),
      );
    });

    it('never hands one rater the same task twice, even to 10 concurrent requests of that rater', async () => {
      const queueId = await queueWithTasks({ overlap: 3, counterbalance: false, count: 5 });
      const answers = await Promise.all(Array.from({ length: 10 }, () => next(queueId, 'eager')));
      expect(answers.every((a) => a.status === 200 || a.status === 204)).toBe(true);
      const byAssignment = new Map(
        answers
          .filter((a) => a.status === 200)
          .map((a) => [(a.body as ServedTask).assignmentId, (a.body as ServedTask).taskId]),
      );
      const tasks = [...byAssignment.values()];
      expect(new Set(tasks).size).toBe(tasks.length);
      const stored = await assignments.listByQueue(tenant, queueId);
      expect(
        stored
          .filter((a) => a.raterId === 'eager')
          .map((a) => a.taskId)
          .sort(),
      ).toEqual([...tasks].sort());
    });

    it('lets PostgreSQL refuse a third assignment on an overlap-2 task and a second one for the same rater', async () => {
      const queueId = await queueWithTasks({ overlap: 2, counterbalance: false, count: 1 });
      await next(queueId, 'p1');
      const ds = api.running.context.dataSource;
      const insert = (id: string, rater: string, ordinal: number) =>
        ds.query(
          `INSERT INTO queue_assignments (id, tenant, queue_id, task_id, rater_id, overlap, ordinal, shown_order)
           VALUES ($1, $2, $3, 'task-1', $4, 2, $5, ARRAY['r1','r2'])`,
          [id, tenant, queueId, rater, ordinal],
        );
      await expect(insert(randomUUID(), 'p1', 2)).rejects.toThrow(
        /queue_assignments_tenant_queue_id_task_id_rater_id_key|duplicate key/,
      );
      await expect(insert(randomUUID(), 'p2', 1)).rejects.toThrow(/duplicate key/);
      await expect(insert(randomUUID(), 'p2', 3)).rejects.toThrow(/check constraint/);
      await expect(
        ds.query('UPDATE queue_tasks SET assigned_count = 3 WHERE tenant = $1 AND queue_id = $2', [tenant, queueId]),
      ).rejects.toThrow(/check constraint/);
    });

    it('counterbalances: the second rater of a pair sees the reverse of the first, so both orders are handed out', async () => {
      const queueId = await queueWithTasks({ overlap: 2, counterbalance: true, count: 4 });
      const first = new Map<string, string[]>();
      for (let i = 0; i < 4; i++) {
        const r = (await next(queueId, 'first-rater')).body as ServedTask;
        first.set(r.taskId, r.shownOrder);
      }
      for (let i = 0; i < 4; i++) {
        const r = (await next(queueId, 'second-rater')).body as ServedTask;
        expect(r.shownOrder).toEqual([...first.get(r.taskId)!].reverse());
      }
    });

    it('rotates the order for more than two responses', async () => {
      const queueId = await queueWithTasks({ overlap: 3, counterbalance: true, count: 1, responses: 3 });
      const orders = [];
      for (const rater of ['x', 'y', 'z']) orders.push(((await next(queueId, rater)).body as ServedTask).shownOrder);
      expect(orders[1]).toEqual([...orders[0].slice(1), orders[0][0]]);
      expect(orders[2]).toEqual([...orders[1].slice(1), orders[1][0]]);
    });

    it('answers 400 naming a missing query parameter', async () => {
      const r = await get('/v1/tasks/next?queue=q1');
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({
        issues: [{ path: 'rater', rule: 'required: the rater id (a rater key needs none)' }],
      });
    });

    it("never shows one tenant's queue to another tenant's key (404)", async () => {
      const queueId = await queueWithTasks({ overlap: 1, counterbalance: false, count: 1 });
      const other = (await api.issueKey({ tenant: uniqueTenant('other'), scopes: ['ingest', 'admin'] })).key;
      expect((await next(queueId, 'intruder', other)).status).toBe(404);
      expect((await api.post('/v1/tasks', { queueId, tasks: [queueTask('sneaky')] }, other)).status).toBe(404);
      expect((await next(queueId, 'owner')).status).toBe(200);
    });
  });

  describe('submitting the comparison for an assignment', () => {
    it('accepts the order served and marks the assignment completed', async () => {
      const queueId = await queueWithTasks({ overlap: 1, counterbalance: true, count: 1 });
      const served = (await next(queueId, 'sub-1')).body as ServedTask;
      const before = await endOffsetTotal(kafka, comparisonTopic);
      const response = await api.post('/v1/comparisons', assignmentComparison(served, 'sub-1'), key);
      expect(response.status).toBe(202);
      expect(await endOffsetTotal(kafka, comparisonTopic)).toBe(before + 1);
      const [stored] = await assignments.findByIds(tenant, [served.assignmentId]);
      // Completed as of the comparison's recordedAt, the time the queue.assignment-completed event carries.
      expect(stored.completedAt?.toISOString()).toBe((response.body as { recordedAt: string }).recordedAt);
    });

    it('rejects another order, another rater, or an unknown assignment with a field-level 400 and writes nothing', async () => {
      const queueId = await queueWithTasks({ overlap: 1, counterbalance: false, count: 1 });
      const served = (await next(queueId, 'sub-2')).body as ServedTask;
      const before = await endOffsetTotal(kafka, comparisonTopic);
      const reversed = await api.post(
        '/v1/comparisons',
        assignmentComparison(served, 'sub-2', { shownOrder: [...served.shownOrder].reverse() }),
        key,
      );
      expect(reversed.status).toBe(400);
      // Resource routes take the data's fields at the top level and name them there.
      expect((reversed.body as { issues: Issue[] }).issues).toEqual([
        { path: 'shownOrder', rule: `must equal the order served for assignment ${served.assignmentId}` },
      ]);
      const impostor = await api.post('/v1/comparisons', assignmentComparison(served, 'someone-else'), key);
      expect(impostor.status).toBe(400);
      expect((impostor.body as { issues: Issue[] }).issues).toEqual([
        { path: 'raterId', rule: `must equal the rater of assignment ${served.assignmentId}` },
      ]);
      const unknown = await api.post(
        '/v1/events',
        {
          type: 'comparison.recorded',
          data: assignmentComparison(served, 'sub-2', { assignmentId: 'no-such-assignment' }),
        },
        key,
      );
      expect(unknown.status).toBe(400);
      expect((unknown.body as { issues: Issue[] }).issues[0].path).toBe('data.assignmentId');
      expect(await endOffsetTotal(kafka, comparisonTopic)).toBe(before);
      const [stored] = await assignments.findByIds(tenant, [served.assignmentId]);
      expect(stored.completedAt).toBeNull();
    });

    it('checks each item of a batch and publishes only the matching ones', async () => {
      const queueId = await queueWithTasks({ overlap: 1, counterbalance: false, count: 2 });
      const a = (await next(queueId, 'sub-3')).body as ServedTask;
      const b = (await next(queueId, 'sub-3')).body as ServedTask;
      const before = await endOffsetTotal(kafka, comparisonTopic);
      const response = await api.post(
        '/v1/events/batch',
        {
          events: [
            { type: 'comparison.recorded', data: assignmentComparison(a, 'sub-3') },
            {
              type: 'comparison.recorded',
              data: assignmentComparison(b, 'sub-3', { shownOrder: [...b.shownOrder].reverse() }),
            },
          ],
        },
        key,
      );
      expect(response.status).toBe(207);
      const body = response.body as { results: { status: string; issues?: Issue[] }[] };
      expect(body.results.map((r) => r.status)).toEqual(['accepted', 'rejected']);
      expect(body.results[1].issues).toEqual([
        { path: 'events[1].data.shownOrder', rule: `must equal the order served for assignment ${b.assignmentId}` },
      ]);
      expect(await endOffsetTotal(kafka, comparisonTopic)).toBe(before + 1);
    });

    it("treats another tenant's assignment as unknown", async () => {
      const queueId = await queueWithTasks({ overlap: 1, counterbalance: false, count: 1 });
      const served = (await next(queueId, 'sub-4')).body as ServedTask;
      const other = (await api.issueKey({ tenant: uniqueTenant('other'), scopes: ['ingest'] })).key;
      const before = await endOffsetTotal(kafka, comparisonTopic);
      const response = await api.post('/v1/comparisons', assignmentComparison(served, 'sub-4'), other);
      expect(response.status).toBe(400);
      expect((response.body as { issues: Issue[] }).issues).toEqual([
        { path: 'assignmentId', rule: `must name an assignment of this tenant (no assignment ${served.assignmentId})` },
      ]);
      expect(await endOffsetTotal(kafka, comparisonTopic)).toBe(before);
    });

    it('leaves a comparison without an assignment alone', async () => {
      const served: ServedTask = {
        assignmentId: 'x',
        queueId: 'x',
        taskId: 'free-task',
        prompt: 'p',
        responses: queueTask('free-task').responses,
        shownOrder: ['r2', 'r1'],
      };
      const data: Record<string, unknown> = assignmentComparison(served, 'free-rater');
      delete data.assignmentId;
      delete data.queueId;
      expect((await api.post('/v1/comparisons', data, key)).status).toBe(202);
    });
  });
});
