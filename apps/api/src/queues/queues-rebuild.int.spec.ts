import { randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import { EventPublisher } from '@hindsight/kafka';
import { replayProjections } from '@hindsight/projector-core';
import { createLogger } from '@hindsight/runtime';
import { QueueExportRepository } from '@hindsight/store';
import { waitFor, type ApiUnderTest } from '@hindsight/test-support';
import {
  assignmentComparison,
  createQueueWithTasks,
  queueTask,
  startQueuePlatform,
  type QueuePlatform,
  type ServedTask,
} from './testing/queue-int-fixture';

describe('annotation queues are rebuilt from Kafka', () => {
  const config = loadPlatformConfig();
  let platform: QueuePlatform;
  let api: ApiUnderTest;
  let key: string;
  let tenant: string;

  beforeAll(async () => {
    platform = await startQueuePlatform('queue-rebuild');
    ({ api, key, tenant } = platform);
  });
  afterAll(() => platform.close());

  const query = <T>(sql: string, params: unknown[] = []) => platform.query<T>(sql, params);
  const snapshot = () => platform.snapshot();
  const next = (queue: string, rater: string) => platform.next(queue, rater);
  const serve = (queue: string, rater: string) => platform.serve(queue, rater);
  const complete = async (served: ServedTask, rater: string) => {
    const response = await api.post('/v1/comparisons', assignmentComparison(served, rater), key);
    expect(response.status).toBe(202);
    return (response.body as { recordedAt: string }).recordedAt;
  };
  const createQueue = (body: Record<string, unknown>, tasks: ReturnType<typeof queueTask>[]) =>
    createQueueWithTasks(api, key, body, tasks);

  it("rebuilds queues, tasks and open and completed assignments row for row; the projector's own application changes nothing", async () => {
    const a = await createQueue(
      {
        id: `balanced-${randomUUID().slice(0, 8)}`,
        name: 'Balanced',
        overlap: 2,
        counterbalance: true,
        taskType: 'coding-help',
        objective: 'helpfulness',
        guidelineVersion: 'g-1',
      },
      [1, 2, 3, 4].map((i) => queueTask(`a-${i}`, 2)),
    );
    const b = await createQueue({ name: 'Generated id', overlap: 1, counterbalance: false }, [
      queueTask('b-1', 3),
      queueTask('b-2', 3),
    ]);
    // A second enqueue continues the queue's order.
    expect((await api.post('/v1/tasks', { queueId: b, tasks: [queueTask('b-3', 3)] }, key)).status).toBe(201);

    // A rater gets the next task once the open one is judged (asking again answers the open one).
    const completedAt: string[] = [];
    const first = [await serve(a, 'rater-1')];
    completedAt.push(await complete(first[0], 'rater-1'));
    first.push(await serve(a, 'rater-1'));
    completedAt.push(await complete(first[1], 'rater-1'));
    first.push(await serve(a, 'rater-1'));
    expect((await serve(a, 'rater-1')).assignmentId).toBe(first[2].assignmentId);
    expect(first.map((t) => t.taskId)).toEqual(['a-1', 'a-2', 'a-3']);
    const second = await serve(a, 'rater-2');
    expect(second.taskId).toBe('a-1');
    const fromB = [await serve(b, 'rater-3')];
    completedAt.push(await complete(fromB[0], 'rater-3'));
    fromB.push(await serve(b, 'rater-3'));

    const before = await snapshot();
    expect(before.queues).toHaveLength(2);
    expect(before.tasks.map((t) => `${t.queue_id}/${t.task_id}/${t.seq}`).sort()).toEqual(
      [...[1, 2, 3, 4].map((i) => `${a}/a-${i}/${i}`), ...[1, 2, 3].map((i) => `${b}/b-${i}/${i}`)].sort(),
    );
    expect(before.assignments).toHaveLength(6);
    const completed = before.assignments.filter((r) => r.completed_at !== null);
    expect(completed.map((r) => r.id).sort()).toEqual(
      [first[0].assignmentId, first[1].assignmentId, fromB[0].assignmentId].sort(),
    );
    // The completion time is the comparison's recordedAt: a value the events carry, not the clock of whoever applies them.
    expect(completed.map((r) => Date.parse(String(r.completed_at))).sort()).toEqual(
      completedAt.map((t) => Date.parse(t)).sort(),
    );

    // The projector applies every queue event after the api did: a no-op.
    await waitFor(
      async () =>
        Number(
          (
            await query<{ n: string }>("SELECT count(*) AS n FROM events WHERE tenant = $1 AND type LIKE 'queue.%'", [
              tenant,
            ])
          )[0].n,
        ),
      (n) => n === 2 + 7 + 6 + 3,
      30_000,
      'queue events projected',
    );
    expect(await snapshot()).toEqual(before);
    // Every row has its event: nothing for `hindsight queues export-events` to publish.
    expect(await new QueueExportRepository(api.running.context.dataSource).unexported(tenant)).toEqual({
      queues: [],
      tasks: [],
      assignments: [],
      completions: [],
    });

    const result = await replayProjections(config, createLogger('queue-rebuild-test', 'warn'), {}, () => undefined);
    expect(result.switched).toBe(true);
    // The queue tables were swapped in from the replay (the old ones are retired), and hold the same rows.
    const [{ retired }] = await query<{ retired: boolean }>('SELECT to_regclass($1) IS NOT NULL AS retired', [
      `${result.retiredSchema}.queue_assignments`,
    ]);
    expect(retired).toBe(true);
    expect(await snapshot()).toEqual(before);

    // Raters carry on where they were: their open assignments come back, then the second rater of a-2 gets slot 2,
    // the reverse of the first rater's order.
    const stillOpen = await serve(a, 'rater-2');
    expect(stillOpen.assignmentId).toBe(second.assignmentId);
    await complete(stillOpen, 'rater-2');
    const resumed = await serve(a, 'rater-2');
    expect(resumed.taskId).toBe('a-2');
    expect(resumed.shownOrder).toEqual([...first[1].shownOrder].reverse());
    const openB = await serve(b, 'rater-3');
    expect(openB.assignmentId).toBe(fromB[1].assignmentId);
    await complete(openB, 'rater-3');
    expect((await next(b, 'rater-3')).body?.taskId).toBe('b-3');
  });

  it('refuses queue events sent by a client, admin included', async () => {
    const forged = await api.post(
      '/v1/events',
      {
        type: 'queue.task-assigned',
        idempotencyKey: `k-${randomUUID()}`,
        data: { queueId: 'q', taskId: 't', assignmentId: 'a', raterId: 'r', ordinal: 1, shownOrder: ['x', 'y'] },
      },
      key,
    );
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({
      issues: [{ path: 'type', rule: 'queue.task-assigned is emitted by the api only' }],
    });
  });

  // Last: it shuts the api's publisher.
  it('answers 503 and writes nothing when Kafka does not take the event', async () => {
    const queueId = await createQueue({ name: 'q', overlap: 1, counterbalance: false }, [queueTask('only', 2)]);
    const rows = async () => (await snapshot()).assignments.filter((r) => r.queue_id === queueId).length;
    await api.running.app.get(EventPublisher).close();
    expect((await next(queueId, 'rater-x')).status).toBe(503);
    expect(await rows()).toBe(0);
    const [{ free }] = await query<{ free: number }>(
      'SELECT overlap - assigned_count AS free FROM queue_tasks WHERE tenant = $1 AND queue_id = $2',
      [tenant, queueId],
    );
    expect(free).toBe(1);
    expect((await api.post('/v1/queues', { name: 'not now', overlap: 1, counterbalance: false }, key)).status).toBe(
      503,
    );
    expect((await api.post('/v1/tasks', { queueId, tasks: [queueTask('late', 2)] }, key)).status).toBe(503);
    expect((await snapshot()).queues.map((q) => q.name)).not.toContain('not now');
    expect((await snapshot()).tasks.map((t) => t.task_id)).not.toContain('late');
  });
});
