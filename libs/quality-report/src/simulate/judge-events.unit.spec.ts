import { ValidationError } from '@hindsight/contracts';
import { validateEventInput } from '@hindsight/contracts';
import { plantJudges, simulatePopulation } from '@hindsight/quality';
import { judgeEvents, parseJudgeList } from './judge-events';

describe('planted judges as events', () => {
  it('names judges by behaviour, numbering repeats, and refuses an unknown behaviour naming --judges', () => {
    expect(parseJudgeList('agreeing, random,agreeing')).toEqual([
      { raterId: 'judge-agreeing', behaviour: 'agreeing' },
      { raterId: 'judge-random', behaviour: 'random' },
      { raterId: 'judge-agreeing-2', behaviour: 'agreeing' },
    ]);
    expect(() => parseJudgeList('agreeing,lenient')).toThrow(ValidationError);
  });

  it('are valid rater.profiled v2 (kind model) and comparison.recorded inputs with unique keys', () => {
    const planted = plantJudges(simulatePopulation({ raters: 10, comparisons: 200, seed: 3 }), {
      judges: parseJudgeList('position-biased'),
    });
    const events = judgeEvents(planted, 'p');
    const inputs = events.map((e) => validateEventInput(e));
    expect(inputs[0]).toMatchObject({
      type: 'rater.profiled',
      version: 2,
      data: { raterId: 'judge-position-biased', kind: 'model', modelId: 'sim-judge-position-biased' },
    });
    expect(inputs.slice(1).every((e) => e.type === 'comparison.recorded')).toBe(true);
    expect(new Set(events.map((e) => e.idempotencyKey)).size).toBe(events.length);
  });
});
