import { ValidationError } from '@hindsight/contracts';
import { plantJudges } from './plant-judges';
import { simulatePopulation } from './simulate-population';

describe('plantJudges', () => {
  const population = simulatePopulation({ raters: 10, comparisons: 400, seed: 5 });
  const tasks = new Set(population.comparisons.map((c) => c.taskId)).size;

  it('judges each task once per judge (share 1), never ties, and is deterministic', () => {
    const options = { judges: [{ raterId: 'judge-x', behaviour: 'random' as const }] };
    const planted = plantJudges(population, options);
    expect(planted.comparisons).toHaveLength(tasks);
    expect(new Set(planted.comparisons.map((c) => c.taskId)).size).toBe(tasks);
    expect(planted.comparisons.every((c) => c.choice !== 'tie' && c.raterId === 'judge-x')).toBe(true);
    expect(plantJudges(population, options)).toEqual(planted);
    expect(planted.profiles[0]).toMatchObject({ raterId: 'judge-x', kind: 'model', modelId: 'sim-judge-random' });
  });

  it('a position-biased judge that always follows the bias picks the first shown every time', () => {
    const planted = plantJudges(population, {
      positionBias: 1,
      judges: [{ raterId: 'judge-first', behaviour: 'position-biased' }],
    });
    expect(planted.comparisons.every((c) => c.choice === c.shownOrder[0])).toBe(true);
    expect(planted.truth['judge-first'].expectedFirstWinRate).toBe(1);
  });

  it('refuses a person’s id, a repeated id, an unknown behaviour and a share outside [0, 1], naming the option', () => {
    const paths = (options: Parameters<typeof plantJudges>[1]) => {
      try {
        plantJudges(population, options);
      } catch (error) {
        return (error as ValidationError).issues.map((i) => i.path);
      }
      return [];
    };
    const person = population.raters[0].raterId;
    expect(paths({ judges: [{ raterId: person, behaviour: 'random' }] })).toEqual(['options.judges[0].raterId']);
    expect(
      paths({
        judges: [
          { raterId: 'j', behaviour: 'random' },
          { raterId: 'j', behaviour: 'agreeing' },
        ],
      }),
    ).toEqual(['options.judges[1].raterId']);
    expect(paths({ judges: [{ raterId: 'j', behaviour: 'lenient' as never }] })).toEqual([
      'options.judges[0].behaviour',
    ]);
    expect(paths({ judges: [], share: 1.5 })).toEqual(['options.share']);
  });
});
