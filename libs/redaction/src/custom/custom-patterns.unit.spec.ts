import { compileCustomPatterns, customPatternIssues, findCustom } from './custom-patterns';

// Reference for the unsafe shapes: OWASP, "Regular expression Denial of Service - ReDoS" (its evil regexes
// `(a+)+`, `([a-zA-Z]+)*`, `(a|aa)+`), judged by safe-regex2's star-height check.
describe('customPatternIssues', () => {
  it('accepts simple patterns', () => {
    expect(
      customPatternIssues([
        { name: 'ticket', pattern: 'TCK-\\d{6}' },
        { name: 'emp-id', pattern: 'E\\d{5}' },
      ]),
    ).toEqual([]);
  });

  it('names the field and the rule of every bad pattern at once', () => {
    const issues = customPatternIssues([
      { name: 'evil', pattern: '(a+)+$' },
      { name: 'Bad Name', pattern: '[' },
      { name: 'empty', pattern: 'x*' },
      { name: 'long', pattern: 'a'.repeat(201) },
      { name: 'evil', pattern: '([a-zA-Z]+)*' },
    ]);
    expect(issues.map((i) => i.path)).toEqual([
      'custom[0].pattern',
      'custom[1].name',
      'custom[1].pattern',
      'custom[2].pattern',
      'custom[3].pattern',
      'custom[4].name',
      'custom[4].pattern',
    ]);
    expect(issues[0].rule).toMatch(/backtrack/);
    expect(issues[2].rule).toMatch(/not a valid regular expression/);
    expect(issues[3].rule).toBe('must not match the empty string');
    expect(issues[4].rule).toBe('at most 200 characters');
    expect(issues[5].rule).toBe('must be unique');
  });

  it('limits the number of patterns', () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `p${i}`, pattern: `x${i}` }));
    expect(customPatternIssues(many)).toEqual([{ path: 'custom', rule: 'at most 20 patterns' }]);
  });
});

describe('findCustom', () => {
  it('finds every match of every pattern, case-insensitively when asked', () => {
    const compiled = compileCustomPatterns([
      { name: 'ticket', pattern: 'TCK-\\d{6}', caseInsensitive: true },
      { name: 'emp-id', pattern: '\\bE\\d{5}\\b' },
    ]);
    const text = 'see tck-000123 and TCK-999999, filed by E12345';
    expect(findCustom(text, compiled).map((m) => [m.kind, text.slice(m.start, m.end)])).toEqual([
      ['custom:ticket', 'tck-000123'],
      ['custom:ticket', 'TCK-999999'],
      ['custom:emp-id', 'E12345'],
    ]);
  });

  it('refuses to compile an unsafe pattern', () => {
    expect(() => compileCustomPatterns([{ name: 'evil', pattern: '(a+)+' }])).toThrow(
      /^compileCustomPatterns: custom\[0\]\.pattern/,
    );
  });
});
