import { findUnstorableStrings, LONE_SURROGATE_RULE, NUL_RULE } from './unstorable-strings';

// What PostgreSQL refuses: text cannot hold U+0000 ("invalid byte sequence for encoding UTF8: 0x00";
// https://www.postgresql.org/docs/current/datatype-character.html), and jsonb rejects \u0000 and an
// unpaired surrogate escape (https://www.postgresql.org/docs/current/datatype-json.html, RFC 8259 §8.2).
describe('findUnstorableStrings', () => {
  it('finds nothing in ordinary text, including emoji (surrogate pairs) and other control characters', () => {
    expect(findUnstorableStrings({ data: { prompt: 'tab\there 🙂 ü \u0001', responses: [{ text: 'ok' }] }, n: 1, b: true, z: null })).toEqual([]);
  });

  it('names every string holding a NUL, with its path', () => {
    expect(findUnstorableStrings({ data: { prompt: 'a\u0000b', responses: [{ text: 'fine' }, { text: '\u0000' }] } })).toEqual([
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
});
