import fc from 'fast-check';
import { JsonNestingGauge, jsonTextTooDeep, jsonValueTooDeep, MAX_JSON_NESTING_DEPTH } from './json-nesting';

const nested = (depth: number, open = '[', close = ']') => `${open.repeat(depth)}1${close.repeat(depth)}`;

describe('JsonNestingGauge and jsonTextTooDeep', () => {
  it('allows exactly the limit and refuses one level more, arrays and objects alike', () => {
    expect(jsonTextTooDeep(nested(MAX_JSON_NESTING_DEPTH))).toBe(false);
    expect(jsonTextTooDeep(nested(MAX_JSON_NESTING_DEPTH + 1))).toBe(true);
    const objects = `${'{"a":'.repeat(MAX_JSON_NESTING_DEPTH + 1)}1${'}'.repeat(MAX_JSON_NESTING_DEPTH + 1)}`;
    expect(jsonTextTooDeep(objects)).toBe(true);
    expect(jsonTextTooDeep(objects, MAX_JSON_NESTING_DEPTH + 1)).toBe(false);
  });

  it('measures depth, not the number of brackets: siblings do not add up', () => {
    expect(jsonTextTooDeep(`[${Array.from({ length: 10_000 }, () => '[[1]]').join(',')}]`, 3)).toBe(false);
  });

  it('ignores brackets and braces inside strings, escaped quotes included', () => {
    expect(jsonTextTooDeep(JSON.stringify({ a: '[[[[[[', b: 'say \\"[[[[[[[ and \\\\', c: ['{{{{'] }), 2)).toBe(false);
    expect(jsonTextTooDeep('{"a":"\\\\"}', 1)).toBe(false);
    expect(jsonTextTooDeep('{"a":"\\\\",[[1]]}', 2)).toBe(true);
  });

  it('reads a stream chunk by chunk, as bytes, with a string split across chunks', () => {
    const gauge = new JsonNestingGauge(2);
    expect(gauge.feed(Buffer.from('{"a":"[[['))).toBe(true);
    expect(gauge.feed(Buffer.from('[", "b": [1,'))).toBe(true);
    expect(gauge.feed(Buffer.from('[2]]}'))).toBe(false);
    expect(gauge.feed('')).toBe(false);
  });

  it('answers as a character-by-character reading does, however the bytes are cut into chunks', () => {
    /** The gauge's rule read one character at a time (the form it had before it skipped through strings). */
    const oracle = (maxDepth: number) => {
      let depth = 0;
      let inString = false;
      let escaped = false;
      return (text: string): boolean => {
        if (depth > maxDepth) return false;
        for (const c of text) {
          if (inString) {
            if (escaped) escaped = false;
            else if (c === '\\') escaped = true;
            else if (c === '"') inString = false;
          } else if (c === '"') inString = true;
          else if (c === '[' || c === '{') {
            if (++depth > maxDepth) return false;
          } else if ((c === ']' || c === '}') && depth > 0) depth--;
        }
        return true;
      };
    };
    const text = fc
      .array(fc.constantFrom('"', '\\', '[', ']', '{', '}', 'a', ',', ':', 'é', '😀'), { maxLength: 60 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), fc.integer({ min: 0, max: 4 }), (json, cuts, max) => {
        const bytes = Buffer.from(json, 'utf8');
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
        const chunks = [0, ...at].map((from, i) => bytes.subarray(from, i < at.length ? at[i] : bytes.length));
        const gauge = new JsonNestingGauge(max);
        const expected = oracle(max);
        // A cut may fall inside a multi-byte character: the oracle reads the same bytes as text up to there.
        let seen = 0;
        for (const chunk of chunks) {
          const before = bytes.subarray(0, seen).toString('utf8').length;
          seen += chunk.length;
          const added = bytes.subarray(0, seen).toString('utf8').slice(before);
          expect(gauge.feed(chunk)).toBe(expected(added));
        }
        expect(new JsonNestingGauge(max).feed(json)).toBe(!jsonTextTooDeep(json, max));
      }),
      { numRuns: 2_000 },
    );
  });

  it('measures two million brackets in well under a second, without recursion', () => {
    const started = process.hrtime.bigint();
    expect(jsonTextTooDeep(nested(1_000_000), 1_000_000)).toBe(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1_000);
  });
});

describe('jsonValueTooDeep', () => {
  it('measures a parsed value 100,000 levels deep without overflowing the stack', () => {
    const value = JSON.parse(nested(100_000)) as unknown;
    expect(jsonValueTooDeep(value)).toBe(true);
    expect(jsonValueTooDeep(value, 100_000)).toBe(false);
  });

  it('counts the outermost array or object as level 1; scalars have no depth', () => {
    expect(jsonValueTooDeep({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(jsonValueTooDeep({ a: [{ b: [] }] }, 3)).toBe(true);
    expect(jsonValueTooDeep('text', 0)).toBe(false);
  });
});
