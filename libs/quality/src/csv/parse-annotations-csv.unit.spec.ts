import { ValidationError } from '@hindsight/contracts';
import { parseAnnotationsCsv } from './parse-annotations-csv';

describe('parseAnnotationsCsv', () => {
  it('reads task, rater and label in any column order, ignores other columns and skips empty labels', () => {
    expect(parseAnnotationsCsv('rater,note,task,label\nann,x,t1,yes\nbob,,t1,\nbob,,t2,"no, really"\n')).toEqual([
      { task: 't1', rater: 'ann', label: 'yes' },
      { task: 't2', rater: 'bob', label: 'no, really' },
    ]);
  });

  it('throws a named ValidationError for a missing column, an empty task or rater, or no labels', () => {
    expect(() => parseAnnotationsCsv('task,label\nt1,yes\n')).toThrow(ValidationError);
    expect(() => parseAnnotationsCsv('task,label\nt1,yes\n')).toThrow(
      'parseAnnotationsCsv: header must have a "rater" column',
    );
    expect(() => parseAnnotationsCsv('task,rater,label\n,ann,yes\n')).toThrow(
      'parseAnnotationsCsv: line 2: task must not be empty',
    );
    expect(() => parseAnnotationsCsv('task,rater,label\nt1,,yes\n')).toThrow(
      'parseAnnotationsCsv: line 2: rater must not be empty',
    );
    expect(() => parseAnnotationsCsv('task,rater,label\nt1,ann,\n')).toThrow(
      'parseAnnotationsCsv: csv must have at least one labelled line',
    );
  });
});
