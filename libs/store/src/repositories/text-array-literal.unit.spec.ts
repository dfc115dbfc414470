import fc from 'fast-check';
import { textArrayLiteral } from './text-array-literal';

// pg's own conversion of a JavaScript array parameter, the text `textArrayLiteral` must equal.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => unknown };

describe('textArrayLiteral', () => {
  it('quotes every element and escapes backslashes and double quotes; null is NULL', () => {
    expect(textArrayLiteral(['a', 'b"c', 'd\\e', null, 'NULL', '{f,g}', ''])).toBe(
      '{"a","b\\"c","d\\\\e",NULL,"NULL","{f,g}",""}',
    );
    expect(textArrayLiteral([])).toBe('{}');
  });

  it('writes the very text pg writes for the same array, for any strings and nulls', () => {
    const element = fc.oneof(
      fc.constant(null),
      fc.string({ unit: fc.constantFrom('"', '\\', '{', '}', ',', ' ', 'a', 'N', 'é', '\u0001') }),
      fc.string({ unit: 'grapheme' }),
    );
    fc.assert(
      fc.property(fc.array(element, { maxLength: 20 }), (values) => {
        expect(textArrayLiteral(values)).toBe(prepareValue(values));
      }),
      { numRuns: 2_000 },
    );
  });
});
