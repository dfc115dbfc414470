import {
  exampleEventInputs,
  sealEvent,
  validateEventInput,
  type EventOfType,
  type QueueEvent,
} from '@hindsight/contracts';
import { planProjection } from './plan-projection';
import { planQueueChange } from './queue-changes';

const recordedAt = '2026-03-01T10:00:00.123Z';
const seal = <T extends QueueEvent['type']>(type: T, data?: Record<string, unknown>): EventOfType<T> => {
  const input = structuredClone(exampleEventInputs[type]) as unknown as { data: Record<string, unknown> };
  if (data) input.data = data;
  return sealEvent(validateEventInput(input), {
    id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
    recordedAt,
    tenant: 'acme',
    source: 'api',
  }) as EventOfType<T>;
};

describe('planQueueChange', () => {
  it('takes every value from the event: times are its recordedAt, absent options are null', () => {
    expect(
      planQueueChange(seal('queue.created', { queueId: 'q', name: 'Q', overlap: 2, counterbalance: false })),
    ).toEqual({
      kind: 'queue-created',
      tenant: 'acme',
      queueId: 'q',
      name: 'Q',
      overlap: 2,
      counterbalance: false,
      taskType: null,
      objective: null,
      guidelineVersion: null,
      guidelines: null,
      rubric: null,
      reversalShare: null,
      createdAt: recordedAt,
    });
    expect(planQueueChange(seal('queue.task-enqueued'))).toMatchObject({
      kind: 'task-enqueued',
      queueId: 'queue-coding',
      taskId: 'task-42',
      seq: 1,
      taskType: 'coding-help',
      createdAt: recordedAt,
    });
    expect(planQueueChange(seal('queue.task-assigned'))).toEqual({
      kind: 'task-assigned',
      tenant: 'acme',
      queueId: 'queue-coding',
      taskId: 'task-42',
      assignmentId: 'asg-9001',
      raterId: 'rater-7',
      ordinal: 1,
      shownOrder: ['r2', 'r1'],
      baseOrder: ['r2', 'r1'],
      reversalOf: null,
      assignedAt: recordedAt,
    });
    // The completion time is the comparison's, carried in data, not when the completion was recorded.
    expect(planQueueChange(seal('queue.assignment-completed'))).toEqual({
      kind: 'assignment-completed',
      tenant: 'acme',
      queueId: 'queue-coding',
      assignmentId: 'asg-9001',
      completedAt: '2026-03-01T10:00:00.000Z',
    });
    expect(planQueueChange(seal('queue.assignment-expired'))).toEqual({
      kind: 'assignment-expired',
      tenant: 'acme',
      queueId: 'queue-coding',
      taskId: 'task-42',
      assignmentId: 'asg-9002',
      expiredAt: '2026-03-01T10:30:00.000Z',
    });
  });

  it('keeps the queue events of a batch in the order consumed', () => {
    const events = [
      seal('queue.created'),
      seal('queue.task-enqueued'),
      seal('queue.task-assigned'),
      seal('queue.assignment-completed'),
    ];
    expect(planProjection(events).queues.map((c) => c.kind)).toEqual([
      'queue-created',
      'task-enqueued',
      'task-assigned',
      'assignment-completed',
    ]);
  });
});
