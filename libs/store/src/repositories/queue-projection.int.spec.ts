import type { QueueChange } from '@hindsight/projections';
import { migratedSchemaFixture } from '../testing/migrated-schema-fixture';
import { applyQueueChanges } from './queue-projection';

type TaskEnqueued = Extract<QueueChange, { kind: 'task-enqueued' }>;

/**
 * The api's enqueue request and the projector write the same tasks at once (the projector may apply the
 * events before the request that published them commits; a retried request may send its tasks in another
 * order). Rows inserted in input order made two statements that met the same tasks in opposite orders wait
 * for each other, and PostgreSQL ended one with "deadlock detected". Tasks go in in key order now.
 */
describe('applyQueueChanges: concurrent enqueues of the same tasks', () => {
  const dataSource = migratedSchemaFixture('queue_tasks_concurrent');
  const createdAt = '2026-03-01T09:00:00.000Z';

  it('never deadlocks two transactions that insert the same tasks in opposite orders', async () => {
    for (let round = 0; round < 4; round++) {
      const queueId = `q${round}`;
      await applyQueueChanges(dataSource.manager, [
        {
          kind: 'queue-created',
          tenant: 'acme',
          queueId,
          name: queueId,
          overlap: 2,
          counterbalance: false,
          taskType: null,
          objective: null,
          guidelineVersion: null,
          guidelines: null,
          rubric: null,
          reversalShare: null,
          createdAt,
        },
      ]);
      const tasks = Array.from({ length: 3000 }, (_, i): TaskEnqueued => ({
        kind: 'task-enqueued',
        tenant: 'acme',
        queueId,
        taskId: `t${String(i).padStart(5, '0')}`,
        seq: i + 1,
        prompt: `prompt ${i}`,
        responses: [
          { id: 'a', text: 'A', modelVersion: 'm1' },
          { id: 'b', text: 'B', modelVersion: 'm2' },
        ],
        taskType: null,
        createdAt,
      }));
      const results = await Promise.allSettled(
        [tasks, [...tasks].reverse(), [...tasks.slice(1500), ...tasks.slice(0, 1500)]].map((order) =>
          dataSource.transaction((tx) => applyQueueChanges(tx, order)),
        ),
      );
      expect(results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []))).toEqual([]);
      const [{ n }]: { n: number }[] = await dataSource.query(
        'SELECT count(*)::int AS n FROM queue_tasks WHERE tenant = $1 AND queue_id = $2',
        ['acme', queueId],
      );
      expect(n).toBe(3000);
    }
  });

  it('keeps the first of a task sent twice in one statement, as a later statement keeps the earlier row', async () => {
    const queueId = 'q-twice';
    const enqueued = (taskId: string, seq: number, prompt: string): TaskEnqueued => ({
      kind: 'task-enqueued',
      tenant: 'acme',
      queueId,
      taskId,
      seq,
      prompt,
      responses: [
        { id: 'a', text: 'A', modelVersion: 'm1' },
        { id: 'b', text: 'B', modelVersion: 'm2' },
      ],
      taskType: null,
      createdAt,
    });
    await applyQueueChanges(dataSource.manager, [
      {
        kind: 'queue-created',
        tenant: 'acme',
        queueId,
        name: queueId,
        overlap: 1,
        counterbalance: false,
        taskType: null,
        objective: null,
        guidelineVersion: null,
        guidelines: null,
        rubric: null,
        reversalShare: null,
        createdAt,
      },
    ]);
    await applyQueueChanges(dataSource.manager, [
      enqueued('t-b', 7, 'first b'),
      enqueued('t-a', 8, 'first a'),
      enqueued('t-b', 3, 'second b'),
    ]);
    expect(
      await dataSource.query('SELECT task_id, seq::int, prompt FROM queue_tasks WHERE queue_id = $1 ORDER BY task_id', [
        queueId,
      ]),
    ).toEqual([
      { task_id: 't-a', seq: 8, prompt: 'first a' },
      { task_id: 't-b', seq: 7, prompt: 'first b' },
    ]);
  });
});
