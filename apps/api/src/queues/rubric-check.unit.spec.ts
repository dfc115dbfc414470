import { checkRubric } from './rubric-check';

const dimensions = [
  { id: 'clarity', label: 'Clarity', scale: { min: 1, max: 5 } },
  { id: 'safety', label: 'Safety', scale: { min: 0, max: 2 } },
];

describe('checkRubric', () => {
  it('accepts scores within each scale, partial scoring, and no scores at all', () => {
    expect(checkRubric({ clarity: 1, safety: 2 }, dimensions, 'data.')).toEqual([]);
    expect(checkRubric({ clarity: 5 }, dimensions, 'data.')).toEqual([]);
    expect(checkRubric(undefined, [], 'data.')).toEqual([]);
  });

  it('names rubric.<id> for an unknown dimension or a score outside the scale', () => {
    expect(checkRubric({ clarity: 6, tone: 1, safety: -1 }, dimensions, 'data.')).toEqual([
      { path: 'data.rubric.clarity', rule: 'must be an integer from 1 to 5' },
      { path: 'data.rubric.tone', rule: 'unknown dimension: must be one of clarity, safety' },
      { path: 'data.rubric.safety', rule: 'must be an integer from 0 to 2' },
    ]);
    expect(checkRubric({ clarity: 3 }, [], '')).toEqual([
      { path: 'rubric.clarity', rule: 'unknown dimension: the queue defines no rubric' },
    ]);
  });
});
