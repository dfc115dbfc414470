import { queueExportEvents } from './queues.command';

const rows = {
  queues: [
    {
      tenant: 'acme',
      queueId: 'q',
      name: 'Q',
      overlap: 2,
      counterbalance: true,
      taskType: null,
      objective: 'helpfulness',
      guidelineVersion: null,
      createdAt: '2026-01-05T10:00:00.123456Z',
    },
  ],
  tasks: [
    {
      tenant: 'acme',
      queueId: 'q',
      taskId: 't1',
      seq: 17,
      prompt: 'p',
      responses: [
        { id: 'a', text: 'A', modelVersion: 'm' },
        { id: 'b', text: 'B', modelVersion: 'm' },
      ],
      taskType: null,
      createdAt: '2026-01-05T10:01:00.000007Z',
    },
  ],
  assignments: [
    {
      tenant: 'acme',
      queueId: 'q',
      taskId: 't1',
      assignmentId: 'x1',
      raterId: 'r1',
      ordinal: 1,
      shownOrder: ['b', 'a'],
      baseOrder: ['b', 'a'],
      assignedAt: '2026-01-08T09:00:00.000123Z',
    },
  ],
  completions: [
    {
      tenant: 'acme',
      queueId: 'q',
      taskId: 't1',
      assignmentId: 'x1',
      annotationId: null,
      completedAt: '2026-01-08T09:05:00.000456Z',
    },
  ],
};

describe('queueExportEvents', () => {
  it("gives each row its event, recorded at the row's own time, queue first, without the absent options", () => {
    const events = queueExportEvents(rows, (n) => new Uint8Array(n));
    expect(events.map((e) => [e.type, e.recordedAt, e.source])).toEqual([
      ['queue.created', '2026-01-05T10:00:00.123456Z', 'cli'],
      ['queue.task-enqueued', '2026-01-05T10:01:00.000007Z', 'cli'],
      ['queue.task-assigned', '2026-01-08T09:00:00.000123Z', 'cli'],
      ['queue.assignment-completed', '2026-01-08T09:05:00.000456Z', 'cli'],
    ]);
    expect(events[0].data).toEqual({
      queueId: 'q',
      name: 'Q',
      overlap: 2,
      counterbalance: true,
      objective: 'helpfulness',
    });
    expect(events[3].data).toEqual({
      queueId: 'q',
      taskId: 't1',
      assignmentId: 'x1',
      completedAt: '2026-01-08T09:05:00.000456Z',
    });
  });

  it('derives the idempotency keys from the rows, so a second export is the same events to the projector', () => {
    const keys = () => queueExportEvents(rows).map((e) => e.idempotencyKey);
    expect(keys()).toEqual(keys());
    expect(new Set(keys()).size).toBe(4);
    expect(queueExportEvents(rows)[0].id).not.toBe(queueExportEvents(rows)[0].id);
  });
});
