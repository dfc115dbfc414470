import { ValidationError } from '@hindsight/contracts';
import { readTable } from './read-table';

describe('readTable', () => {
  it('trims cells, numbers lines from the header and drops blank lines', () => {
    expect(readTable('f', 'a, b\n1, 2\n\n" 3 ",\n')).toEqual({
      header: ['a', 'b'],
      rows: [
        { line: 2, cells: ['1', '2'] },
        { line: 4, cells: ['3', ''] },
      ],
    });
  });

  it('throws a named ValidationError for a missing, empty or repeated header and ragged rows', () => {
    expect(() => readTable('f', '')).toThrow(ValidationError);
    expect(() => readTable('f', '')).toThrow('f: csv must have a header row');
    expect(() => readTable('f', 'a,,c\n')).toThrow('f: header column 2 must not be empty');
    expect(() => readTable('f', 'a,a\n')).toThrow('f: header column 2 must not repeat "a"');
    expect(() => readTable('f', 'a,b\n1,2,3\n')).toThrow('f: line 2 must have 2 cells like the header, got 3');
  });
});
