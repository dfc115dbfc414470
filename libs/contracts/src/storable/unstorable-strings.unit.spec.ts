import { findUnstorableStrings, LONE_SURROGATE_RULE, mayHoldUnstorableStrings, NUL_RULE } from './unstorable-strings';

// What PostgreSQL refuses: text cannot hold U+0000 ("invalid byte sequence for encoding UTF8: 0x00";
// https://www.postgresql.org/docs/current/datatype-character.html), and jsonb rejects \u0000 and an
// unpaired surrogate escape (https://www.postgresql.org/docs/current/datatype-json.html, RFC 8259 §8.2).
describe('findUnstorableStrings', () => {
  it('finds nothing in ordinary text, including emoji (surrogate pairs) and other control characters', () => {
    expect(
      findUnstorableStrings({
        data: { prompt: 'tab\there 🙂 ü \u0001', responses: [{ text: 'ok' }] },
        n: 1,
        b: true,
        z: null,
      }),
    ).toEqual([]);
  });

  it('names every string holding a NUL, with its path', () => {
    expect(
      findUnstorableStrings({ data: { prompt: 'a\u0000b', responses: [{ text: 'fine' }, { text: '\u0000' }] } }),
    ).toEqual([
      { path: 'data.prompt', rule: NUL_RULE },
      { path: 'data.responses[1].text', rule: NUL_RULE },
    ]);
  });

  it('names a lone surrogate half, high or low', () => {
    expect(findUnstorableStrings({ a: 'x\uD83Dy', b: '\uDE42' })).toEqual([
      { path: 'a', rule: LONE_SURROGATE_RULE },
      { path: 'b', rule: LONE_SURROGATE_RULE },
    ]);
  });

  it('checks object keys too, quoting a key that is not an identifier', () => {
    expect(findUnstorableStrings({ data: { metadata: { 'bad\u0000key': 'v' } } })).toEqual([
      { path: 'data.metadata["bad\\u0000key"]', rule: `key ${NUL_RULE}` },
    ]);
  });

  it('puts a prefix before each path, as formatZodIssues does', () => {
    expect(findUnstorableStrings({ prompt: '\u0000', tags: ['\u0000'] }, 'tasks[3]')).toEqual([
      { path: 'tasks[3].prompt', rule: NUL_RULE },
      { path: 'tasks[3].tags[0]', rule: NUL_RULE },
    ]);
  });

  it('stops after 20 issues, so a hostile document cannot make the answer huge', () => {
    expect(findUnstorableStrings({ list: Array.from({ length: 100 }, () => '\u0000') })).toHaveLength(20);
  });

  it('walks a value nested 100,000 levels deep without overflowing the stack, and names the string at the bottom', () => {
    // JSON.parse builds such a value iteratively; the old recursive walk threw RangeError from about 10,000 levels.
    const depth = 100_000;
    const value = JSON.parse(`${'['.repeat(depth)}"a\\u0000b"${']'.repeat(depth)}`) as unknown;
    let issues: ReturnType<typeof findUnstorableStrings> = [];
    expect(() => (issues = findUnstorableStrings({ data: value }))).not.toThrow();
    expect(issues).toEqual([{ path: `data${'[0]'.repeat(depth)}`, rule: NUL_RULE }]);
  });

  it('walks an object chain 100,000 levels deep, checking keys on the way', () => {
    let value: unknown = 'ok';
    for (let i = 0; i < 100_000; i++) value = { [i === 50_000 ? 'k\u0000' : 'k']: value };
    const issues = findUnstorableStrings(value);
    expect(issues).toHaveLength(1);
    expect(issues[0].rule).toBe(`key ${NUL_RULE}`);
    expect(issues[0].path.startsWith('k.k.k')).toBe(true);
  });

  it('keeps document order and the paths of siblings after a deep branch', () => {
    expect(findUnstorableStrings({ a: [[['\u0000']]], b: { c: '\uD800' }, d: ['x', '\u0000'] })).toEqual([
      { path: 'a[0][0][0]', rule: NUL_RULE },
      { path: 'b.c', rule: LONE_SURROGATE_RULE },
      { path: 'd[1]', rule: NUL_RULE },
    ]);
    expect(findUnstorableStrings('\u0000', 'prompt')).toEqual([{ path: 'prompt', rule: NUL_RULE }]);
  });
});

describe('mayHoldUnstorableStrings', () => {
  it('says no for JSON whose strings are all storable, emoji and other escapes included', () => {
    expect(mayHoldUnstorableStrings(JSON.stringify({ prompt: 'tab\there 🙂 ü \u0001 "q" \\', n: 1 }))).toBe(false);
  });

  it('says yes for the escape of a NUL or of either surrogate half, in either case, in a value or a key', () => {
    for (const value of [{ a: 'x\u0000' }, { a: '\uD83D' }, { a: 'y\uDE42' }, { ['k\u0000']: 1 }]) {
      const json = JSON.stringify(value);
      expect(findUnstorableStrings(JSON.parse(json))).not.toEqual([]);
      expect(mayHoldUnstorableStrings(json)).toBe(true);
      // JSON.stringify writes lower-case hex; another producer may not.
      expect(
        mayHoldUnstorableStrings(json.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => `\\u${hex.toUpperCase()}`)),
      ).toBe(true);
    }
    expect(mayHoldUnstorableStrings('{"a":"\\ud800"}')).toBe(true);
  });
});
