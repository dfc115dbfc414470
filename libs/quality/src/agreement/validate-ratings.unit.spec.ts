import { ValidationError } from '@hindsight/contracts';
import { validateRatings } from './validate-ratings';

describe('validateRatings', () => {
  it('reports the number of raters, the label kind and the labels in first-seen order', () => {
    expect(
      validateRatings('f', [
        [2, 1],
        [null, 2],
      ]),
    ).toEqual({ raters: 2, kind: 'number', labels: [2, 1] });
    expect(
      validateRatings('f', [
        ['b', null],
        ['a', 'b'],
      ]),
    ).toEqual({ raters: 2, kind: 'string', labels: ['b', 'a'] });
    expect(validateRatings('f', [[null, null]])).toEqual({ raters: 2, kind: 'none', labels: [] });
  });

  it('names the function and the cell it refuses', () => {
    expect(() => validateRatings('f', [])).toThrow(ValidationError);
    expect(() => validateRatings('f', [])).toThrow('f: ratings must hold at least one unit');
    expect(() => validateRatings('f', [[1, 2], [1]])).toThrow('f: ratings[1] must have 2 entries');
    expect(() =>
      validateRatings('f', [
        [1, 2],
        [1, 'a'],
      ]),
    ).toThrow('f: ratings[1][1] must be a number');
    expect(() => validateRatings('f', [[1, Number.NaN]])).toThrow('f: ratings[0][1] must be a finite number');
    expect(() => validateRatings('f', [['', 'a']])).toThrow('f: ratings[0][0] must not be an empty string');
    expect(() => validateRatings('f', [[true, 1]] as never)).toThrow(
      'f: ratings[0][0] must be null, a number or a string',
    );
    expect(() => validateRatings('f', [[1]])).toThrow('f: ratings[0] must have at least 2 raters');
    expect(() => validateRatings('f', [[1, 2, 3]], { exactRaters: 2 })).toThrow(
      'f: ratings[0] must have exactly 2 raters',
    );
    expect(() => validateRatings('f', [3] as never)).toThrow('f: ratings[0] must be an array');
  });
});
