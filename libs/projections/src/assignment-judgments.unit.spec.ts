import {
  exampleEventInputs,
  sealEvent,
  validateEventInput,
  type ComparisonRecorded,
  type HindsightEvent,
} from '@hindsight/contracts';
import { judgedAssignmentOf } from './assignment-judgments';
import { planProjection } from './plan-projection';

const recordedAt = '2026-03-01T10:00:00.123Z';
const seal = (type: HindsightEvent['type'], data?: (d: Record<string, unknown>) => Record<string, unknown>) => {
  const input = structuredClone(exampleEventInputs[type]) as unknown as { data: Record<string, unknown> };
  if (data) input.data = data(input.data);
  return sealEvent(validateEventInput(input), {
    id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
    recordedAt,
    tenant: 'acme',
    source: 'api',
  }) as HindsightEvent;
};
const comparison = (data?: (d: Record<string, unknown>) => Record<string, unknown>) =>
  seal('comparison.recorded', data) as ComparisonRecorded;

describe('judgedAssignmentOf', () => {
  it("completes the assignment a comparison names, at the comparison's recordedAt, by queue and task", () => {
    expect(judgedAssignmentOf(comparison())).toEqual({
      kind: 'assignment-judged',
      tenant: 'acme',
      queueId: 'queue-coding',
      taskId: 'task-42',
      assignmentId: 'asg-9001',
      annotationId: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
      judgedAt: recordedAt,
    });
  });

  it('completes nothing for a comparison that names no assignment, or an assignment without its queue', () => {
    expect(judgedAssignmentOf(comparison(({ assignmentId: _a, ...d }) => d))).toBeUndefined();
    expect(judgedAssignmentOf(comparison(({ assignmentId: _a, queueId: _q, ...d }) => d))).toBeUndefined();
    expect(judgedAssignmentOf(comparison(({ queueId: _q, ...d }) => d))).toBeUndefined();
  });
});

describe('planProjection: a comparison naming an assignment', () => {
  it('keeps its comparison row and adds its completion to the queue changes, in the order consumed', () => {
    const named = comparison();
    const plan = planProjection([
      seal('queue.task-assigned'),
      named,
      seal('queue.assignment-completed'),
      comparison(({ assignmentId: _a, ...d }) => d),
    ]);
    expect(plan.comparisons).toHaveLength(2);
    expect(plan.queues.map((c) => c.kind)).toEqual(['task-assigned', 'assignment-judged', 'assignment-completed']);
    // The same assignment and time as the api's `queue.assignment-completed` of that comparison says.
    const [, judged, completed] = plan.queues;
    expect(judged).toMatchObject({ assignmentId: 'asg-9001', queueId: 'queue-coding', judgedAt: recordedAt });
    expect(completed).toMatchObject({ assignmentId: 'asg-9001', queueId: 'queue-coding' });
  });
});
