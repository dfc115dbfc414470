import { simulatePopulation } from '../simulator/simulate-population';
import { agreementByTaskType } from './agreement-by-task-type';
import { agreementOverTime } from './agreement-over-time';
import type { ComparisonRecord } from './comparison-record';
import { groupByTask } from './group-by-task';
import { indexComparisons } from './index-comparisons';

const judgment = (
  id: string,
  taskId: string,
  raterId: string,
  choice: string,
  occurredAt: string,
): ComparisonRecord => ({
  id,
  taskId,
  taskType: 'qa',
  objective: 'helpfulness',
  raterId,
  prompt: 'p',
  responses: [
    { id: 'a', text: 'one', modelVersion: 'm1' },
    { id: 'b', text: 'two', modelVersion: 'm2' },
  ],
  shownOrder: ['a', 'b'],
  choice,
  occurredAt,
});

describe('agreementOverTime', () => {
  it('puts each task in the week of its first judgment and computes that week’s agreement over its tasks only', () => {
    const records = [
      // task t1 starts on Wednesday 2026-07-01 (week of Monday 2026-06-29); its second judgment falls in the next week
      judgment('1', 't1', 'r1', 'a', '2026-07-01T10:00:00Z'),
      judgment('2', 't1', 'r2', 'a', '2026-07-07T10:00:00Z'),
      // task t2 in the week of 2026-07-06: the raters disagree
      judgment('3', 't2', 'r1', 'a', '2026-07-08T10:00:00Z'),
      judgment('4', 't2', 'r2', 'b', '2026-07-08T11:00:00Z'),
    ];
    const index = indexComparisons(records);
    const over = agreementOverTime(index, groupByTask(index), records);
    expect(over.period).toBe('week');
    expect(over.points.map((p) => p.start)).toEqual(['2026-06-29T00:00:00.000Z', '2026-07-06T00:00:00.000Z']);
    expect(over.points[0].agreementByTaskType[0]).toMatchObject({
      taskType: 'qa',
      tasks: 1,
      judgments: 2,
      percentAgreement: 1,
    });
    expect(over.points[1].agreementByTaskType[0]).toMatchObject({
      taskType: 'qa',
      tasks: 1,
      judgments: 2,
      percentAgreement: 0,
    });
  });

  it('gives, over all its points together, the tasks and judgments of the whole report', () => {
    const sim = simulatePopulation({ raters: 30, comparisons: 3_000, seed: 4 });
    const index = indexComparisons(sim.comparisons, { raters: sim.raters });
    const buckets = groupByTask(index);
    const over = agreementOverTime(index, buckets, sim.comparisons);
    const whole = agreementByTaskType(index, buckets);
    for (const type of whole) {
      const rows = over.points.map((p) => p.agreementByTaskType.find((a) => a.taskType === type.taskType)!);
      expect(rows.reduce((s, r) => s + r.tasks, 0)).toBe(type.tasks);
      expect(rows.reduce((s, r) => s + r.judgments, 0)).toBe(type.judgments);
    }
    expect(over.points.length).toBeGreaterThan(1);
  });

  it('switches to months when the judgments span more than 26 weeks', () => {
    const records = [
      judgment('1', 't1', 'r1', 'a', '2026-01-15T00:00:00Z'),
      judgment('2', 't2', 'r1', 'a', '2026-09-15T00:00:00Z'),
    ];
    const index = indexComparisons(records);
    const over = agreementOverTime(index, groupByTask(index), records);
    expect(over.period).toBe('month');
    expect(over.points.map((p) => p.start)).toEqual(['2026-01-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z']);
  });
});
