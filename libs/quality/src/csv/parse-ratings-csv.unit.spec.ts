import { ValidationError } from '@hindsight/contracts';
import { krippendorffAlpha } from '../agreement/krippendorff-alpha';
import { parseRatingsCsv } from './parse-ratings-csv';

describe('parseRatingsCsv', () => {
  it('reads rater names from the header, numbers as numbers and empty cells as missing', () => {
    expect(parseRatingsCsv('alice,bob,carol\n1,2,\n3,,4.5\n')).toEqual({
      raters: ['alice', 'bob', 'carol'],
      ratings: [
        [1, 2, null],
        [3, null, 4.5],
      ],
    });
  });

  it('keeps labels as strings when any cell is not a number', () => {
    expect(parseRatingsCsv('a,b\nyes,1\n"no",\n').ratings).toEqual([
      ['yes', '1'],
      ['no', null],
    ]);
  });

  it('feeds Krippendorff (2011) data to krippendorffAlpha unchanged (interval 0.849)', () => {
    // Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", 4 coders × 12 units; see
    // libs/quality/src/agreement/krippendorff-alpha.unit.spec.ts for the published values.
    const csv = [
      'A,B,C,D',
      '1,1,,1',
      '2,2,3,2',
      '3,3,3,3',
      '3,3,3,3',
      '2,2,2,2',
      '1,2,3,4',
      '4,4,4,4',
      '1,1,2,1',
      '2,2,2,2',
      ',5,5,5',
      ',,1,1',
      ',3,,',
    ].join('\n');
    const { ratings } = parseRatingsCsv(csv);
    expect(krippendorffAlpha(ratings, { level: 'interval' })).toBeCloseTo(0.849, 3);
  });

  it('throws a named ValidationError without data rows', () => {
    expect(() => parseRatingsCsv('a,b\n')).toThrow(ValidationError);
    expect(() => parseRatingsCsv('a,b\n')).toThrow('parseRatingsCsv: csv must have at least one unit');
    expect(() => parseRatingsCsv('a,b\n1\n')).toThrow('parseRatingsCsv: line 2 must have 2 cells');
  });
});
