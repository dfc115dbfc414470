import { ValidationError } from '@hindsight/contracts';
import { parseCsv } from './parse-csv';

describe('parseCsv', () => {
  // The examples of RFC 4180 ("Common Format and MIME Type for CSV Files"), section 2.
  it('reads the RFC 4180 examples: quoted fields, embedded commas, line breaks and doubled quotes', () => {
    expect(parseCsv('aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n')).toEqual([
      ['aaa', 'bbb', 'ccc'],
      ['zzz', 'yyy', 'xxx'],
    ]);
    expect(parseCsv('aaa,bbb,ccc\r\nzzz,yyy,xxx')).toEqual([
      ['aaa', 'bbb', 'ccc'],
      ['zzz', 'yyy', 'xxx'],
    ]);
    expect(parseCsv('"aaa","bbb","ccc"\r\nzzz,yyy,xxx')).toEqual([
      ['aaa', 'bbb', 'ccc'],
      ['zzz', 'yyy', 'xxx'],
    ]);
    expect(parseCsv('"aaa","b\r\nbb","ccc"\r\nzzz,yyy,xxx')).toEqual([
      ['aaa', 'b\r\nbb', 'ccc'],
      ['zzz', 'yyy', 'xxx'],
    ]);
    expect(parseCsv('"aaa","b""bb","ccc"')).toEqual([['aaa', 'b"bb', 'ccc']]);
  });

  it('keeps empty cells as empty strings, including trailing ones and empty quoted fields', () => {
    expect(parseCsv('a,,c\n,,\n"",x,\n')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
      ['', 'x', ''],
    ]);
  });

  it('handles LF endings, a byte-order mark, blank lines and no input', () => {
    expect(parseCsv('\uFEFFa,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('a\n\nb\n')).toEqual([['a'], [''], ['b']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('throws a named ValidationError with the line for malformed quoting', () => {
    expect(() => parseCsv('a,b\n"open,1\n')).toThrow(ValidationError);
    expect(() => parseCsv('a,b\n"open,1\n')).toThrow('parseCsv: line 2 has a quoted field that is never closed');
    expect(() => parseCsv('a,b\nx"y,1')).toThrow('parseCsv: line 2 must not have a quote inside an unquoted field');
    expect(() => parseCsv('"a"b,c')).toThrow('parseCsv: line 1 must not have characters between a closing quote');
  });
});
