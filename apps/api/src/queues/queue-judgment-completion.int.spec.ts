import { randomBytes, randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import {
  eventHeaders,
  formatUuidV7,
  partitionKey,
  sealEvent,
  topicName,
  topicOf,
  validateEventInput,
  type HindsightEvent,
  type QueueEvent,
} from '@hindsight/contracts';
import { EventPublisher } from '@hindsight/kafka';
import { replayProjections } from '@hindsight/projector-core';
import { createLogger } from '@hindsight/runtime';
import { QueueExportRepository } from '@hindsight/store';
import { waitFor, type ApiUnderTest } from '@hindsight/test-support';
import { QueueEvents } from './queue-events';
import {
  assignmentComparison,
  createQueueWithTasks,
  queueTask,
  startQueuePlatform,
  type QueuePlatform,
  type ServedTask,
} from './testing/queue-int-fixture';

/**
 * The comparison a rater made of an assignment is on the log whether or not the api's
 * `queue.assignment-completed` got there: the projector and a replay complete the
 * assignment from the comparison itself, and agree whichever of the two arrives first.
 */
describe('a judged assignment is completed from its comparison, live and rebuilt', () => {
  const config = loadPlatformConfig();
  let platform: QueuePlatform;
  let api: ApiUnderTest;
  let key: string;
  let tenant: string;

  beforeAll(async () => {
    platform = await startQueuePlatform('judged');
    ({ api, key, tenant } = platform);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await platform?.close();
  });

  const query = <T>(sql: string, params: unknown[] = []) => platform.query<T>(sql, params);
  const snapshot = () => platform.snapshot();
  const serve = (queue: string, rater: string) => platform.serve(queue, rater);
  const assignmentRow = async (id: string) =>
    (
      await query<{ completed_at: string | null; expired_at: string | null; assigned_count: number }>(
        `SELECT to_char(a.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS completed_at,
                to_char(a.expired_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS expired_at, t.assigned_count
         FROM queue_assignments a JOIN queue_tasks t ON t.tenant = a.tenant AND t.queue_id = a.queue_id AND t.task_id = a.task_id
         WHERE a.tenant = $1 AND a.id = $2`,
        [tenant, id],
      )
    )[0];
  const projected = (eventId: string) =>
    waitFor(
      async () => (await query('SELECT 1 FROM events WHERE tenant = $1 AND id = $2', [tenant, eventId])).length,
      (n) => n === 1,
      30_000,
      `event ${eventId} projected`,
    );

  /** Straight to Kafka with the project's publisher, as the api publishes: no api check, no row written by the api. */
  const publish = async (event: HindsightEvent) => {
    await api.running.app.get(EventPublisher).publish([
      {
        topic: topicName(config.kafka.topicPrefix, topicOf(event.type)),
        key: partitionKey(event),
        headers: eventHeaders(event),
        value: JSON.stringify(event),
      },
    ]);
    await projected(event.id);
  };
  /** The comparison the rater would have sent for `served`, recorded now. */
  const comparisonOf = (served: ServedTask, rater: string) => {
    const now = Date.now();
    return sealEvent(
      validateEventInput({
        type: 'comparison.recorded',
        idempotencyKey: `k-${randomUUID()}`,
        data: assignmentComparison(served, rater),
      }),
      { id: formatUuidV7(now, randomBytes(10)), recordedAt: new Date(now).toISOString(), tenant, source: 'test' },
    ) as HindsightEvent;
  };
  const queueEvents = () => api.running.app.get(QueueEvents);
  const completionOf = (comparison: HindsightEvent, served: ServedTask) =>
    queueEvents().record(tenant, 'queue.assignment-completed', {
      queueId: served.queueId,
      taskId: served.taskId,
      assignmentId: served.assignmentId,
      annotationId: comparison.id,
      completedAt: comparison.recordedAt,
    });
  const expiryOf = (served: ServedTask) =>
    queueEvents().record(tenant, 'queue.assignment-expired', {
      queueId: served.queueId,
      taskId: served.taskId,
      assignmentId: served.assignmentId,
      expiredAt: new Date().toISOString(),
      reason: 'lease',
    });

  it('completes an assignment whose queue.assignment-completed could not be published, at the comparison’s recordedAt; a replay gives the same rows; every arrival order agrees', async () => {
    const queueId = await createQueueWithTasks(
      api,
      key,
      { id: `judged-${randomUUID().slice(0, 8)}`, name: 'Judged', overlap: 1, counterbalance: false },
      [1, 2, 3, 4, 5].map((i) => queueTask(`t-${i}`, 2)),
    );
    const served: ServedTask[] = [];
    for (const i of [1, 2, 3, 4, 5]) served.push(await serve(queueId, `rater-${i}`));

    // 1. Through the api, whose completion publish fails (logged, the comparison answered 202 all the same).
    const events = queueEvents();
    const publishQueueEvents = events.publish.bind(events);
    jest
      .spyOn(events, 'publish')
      .mockImplementation((batch: readonly QueueEvent[]) =>
        batch.some((e) => e.type === 'queue.assignment-completed')
          ? Promise.reject(new Error('the completion does not reach Kafka'))
          : publishQueueEvents(batch),
      );
    const judged = await api.post('/v1/comparisons', assignmentComparison(served[0], 'rater-1'), key);
    expect(judged.status).toBe(202);
    jest.restoreAllMocks();
    const { id: annotationId, recordedAt } = judged.body as { id: string; recordedAt: string };
    await projected(annotationId);
    const viaApi = await waitFor(
      () => assignmentRow(served[0].assignmentId),
      (row) => row.completed_at !== null,
      30_000,
      'the judged assignment completed by the projector',
    );
    expect(viaApi).toEqual({ completed_at: recordedAt, expired_at: null, assigned_count: 1 });
    // Nothing but the comparison said so.
    expect(
      await query("SELECT 1 FROM events WHERE tenant = $1 AND type = 'queue.assignment-completed'", [tenant]),
    ).toEqual([]);
    // `hindsight queues export-events` can publish the missing event (a rebuild after the rater's erasure needs it).
    expect((await new QueueExportRepository(api.running.context.dataSource).unexported(tenant)).completions).toEqual([
      expect.objectContaining({ assignmentId: served[0].assignmentId, annotationId }),
    ]);

    // 2. Straight to Kafka: the comparison without its completion, then the completion (as a retry would bring it).
    const second = comparisonOf(served[1], 'rater-2');
    await publish(second);
    expect(await assignmentRow(served[1].assignmentId)).toEqual({
      completed_at: second.recordedAt,
      expired_at: null,
      assigned_count: 1,
    });
    await publish(completionOf(second, served[1]));

    // 3. The other order: the completion first, then its comparison.
    const third = comparisonOf(served[2], 'rater-3');
    await publish(completionOf(third, served[2]));
    await publish(third);

    // 4. and 5. A judgment that raced an expiry, in both orders: judged, and its slot freed.
    const fourth = comparisonOf(served[3], 'rater-4');
    await publish(fourth);
    const fourthExpiry = expiryOf(served[3]);
    await publish(fourthExpiry);
    const fifthExpiry = expiryOf(served[4]);
    await publish(fifthExpiry);
    const fifth = comparisonOf(served[4], 'rater-5');
    await publish(fifth);

    expect(await assignmentRow(served[1].assignmentId)).toEqual({
      completed_at: second.recordedAt,
      expired_at: null,
      assigned_count: 1,
    });
    expect(await assignmentRow(served[2].assignmentId)).toEqual({
      completed_at: third.recordedAt,
      expired_at: null,
      assigned_count: 1,
    });
    expect(await assignmentRow(served[3].assignmentId)).toEqual({
      completed_at: fourth.recordedAt,
      expired_at: fourthExpiry.data.expiredAt,
      assigned_count: 0,
    });
    expect(await assignmentRow(served[4].assignmentId)).toEqual({
      completed_at: fifth.recordedAt,
      expired_at: fifthExpiry.data.expiredAt,
      assigned_count: 0,
    });

    // A replay into an empty schema applies the comparisons and the queue events in its own interleaving: the same rows.
    const before = await snapshot();
    expect(before.judgments).toHaveLength(5);
    const result = await replayProjections(config, createLogger('queue-judged-test', 'warn'), {}, () => undefined);
    expect(result.switched).toBe(true);
    expect(await snapshot()).toEqual(before);
  }, 180_000);
});
