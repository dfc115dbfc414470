import { ValidationError } from '@hindsight/contracts';
import type { ComparisonRecord } from '../report/comparison-record';
import { indexComparisons } from '../report/index-comparisons';
import { detectPositionBias } from './detect-position-bias';
import { positionStat } from './position-stat';

function record(
  k: number,
  rater: string,
  task: string,
  aFirst: boolean,
  picksFirst: boolean | 'tie',
): ComparisonRecord {
  const a = { id: `${task}-a`, text: 'alpha answer', modelVersion: 'm1' };
  const b = { id: `${task}-b`, text: 'beta answer', modelVersion: 'm2' };
  const order: [string, string] = aFirst ? [a.id, b.id] : [b.id, a.id];
  return {
    id: `c${k}`,
    taskId: task,
    taskType: k % 2 ? 'coding' : 'chat',
    objective: 'helpfulness',
    raterId: rater,
    interfaceVersion: 'ui-1',
    prompt: 'p',
    responses: [a, b],
    shownOrder: order,
    choice: picksFirst === 'tie' ? 'tie' : picksFirst ? order[0] : order[1],
    occurredAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('positionStat', () => {
  it('excludes ties from the rate and tests against 0.5', () => {
    const s = positionStat(70, 30, 5);
    expect(s).toEqual(
      expect.objectContaining({ comparisons: 105, decided: 100, firstWins: 70, ties: 5, firstWinRate: 0.7 }),
    );
    expect(s.pValue).toBeLessThan(0.001);
    expect(s.ci?.[0]).toBeLessThan(0.7);
    expect(positionStat(0, 0, 3).firstWinRate).toBeNull();
    expect(() => positionStat(-1, 0, 0)).toThrow(ValidationError);
  });
});

describe('detectPositionBias', () => {
  it('flags the rater who picks the first shown 80 % of the time, not the one at 50 %', () => {
    const records: ComparisonRecord[] = [];
    let k = 0;
    for (let t = 0; t < 200; t++) {
      const task = `t${t}`;
      records.push(record(k++, 'biased', task, t % 2 === 0, t % 5 !== 0));
      records.push(record(k++, 'fair', task, t % 2 === 1, t % 2 === 0));
    }
    const result = detectPositionBias(indexComparisons(records));
    const biased = result.byRater.find((r) => r.rater === 'biased');
    const fair = result.byRater.find((r) => r.rater === 'fair');
    expect(biased).toEqual(expect.objectContaining({ flagged: true, favours: 'first', firstWinRate: 0.8 }));
    expect(fair).toEqual(expect.objectContaining({ flagged: false, firstWinRate: 0.5 }));
    expect(result.byTaskType.map((x) => x.taskType).sort()).toEqual(['chat', 'coding']);
    expect(result.byInterfaceVersion).toHaveLength(1);
    // every judgment of the flagged rater is low-confidence
    expect(result.lowConfidence.reduce((s, v) => s + v, 0)).toBeGreaterThanOrEqual(200);
  });

  it('measures reversals: same rater, both orders, different preferred response', () => {
    const records = [
      record(0, 'r1', 't1', true, true), // prefers a
      record(1, 'r1', 't1', false, true), // prefers b: a self-reversal
      record(2, 'r2', 't2', true, true), // prefers a
      record(3, 'r2', 't2', false, false), // prefers a again: consistent
    ];
    const { reversals, lowConfidence } = detectPositionBias(indexComparisons(records));
    expect(reversals).toEqual(
      expect.objectContaining({
        tasksShownBothWays: 2,
        crossOrderPairs: 2,
        crossOrderReversals: 1,
        reversalRate: 0.5,
        sameRaterPairs: 2,
        sameRaterReversals: 1,
      }),
    );
    expect([...lowConfidence]).toEqual([1, 1, 0, 0]);
  });

  it('refuses an out-of-range option', () => {
    expect(() => detectPositionBias(indexComparisons([]), { minFirstWinRate: 0.4 })).toThrow(/options.minFirstWinRate/);
  });
});
