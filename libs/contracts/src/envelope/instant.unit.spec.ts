import { ValidationError } from '../errors/hindsight-error';
import { instantOf, requireInstant } from './instant';

describe('instantOf', () => {
  it('normalises an instant with Z or an offset to UTC', () => {
    expect(instantOf('2026-09-30T23:59:59Z')).toBe('2026-09-30T23:59:59.000Z');
    expect(instantOf('2026-10-01T01:59:59.5+02:00')).toBe('2026-09-30T23:59:59.500Z');
    expect(instantOf('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
  });

  it.each([
    ["no zone (Date.parse would read the server's local time)", '2026-09-30T23:59:59'],
    ['a day that does not exist (Date.parse rolls it into March)', '2026-02-30T00:00:00Z'],
    ['29 February of a common year', '2025-02-29T00:00:00Z'],
    ['year 0000 (PostgreSQL has no year 0)', '0000-01-01T00:00:00Z'],
    ['a bare number (Date.parse reads "1" as 2001)', '1'],
    ['a date without a time', '2026-09-30'],
    ['not a string', 1_790_000_000_000],
  ])('refuses %s', (_why, value) => {
    expect(instantOf(value)).toBeUndefined();
  });
});

describe('instantRule and requireInstant', () => {
  const ruleOf = (value: unknown, field = 'asOf'): string => {
    try {
      requireInstant(value, field);
    } catch (error) {
      if (error instanceof ValidationError) return error.issues.map((i) => `${i.path}: ${i.rule}`).join('; ');
      throw error;
    }
    return 'accepted';
  };

  it('says what form is expected for a date without a time, with that date as the example (not "required")', () => {
    expect(ruleOf('2026-12-06')).toBe(
      'asOf: must be an ISO-8601 instant with Z or an offset, e.g. 2026-12-06T00:00:00Z (a date alone has no time or zone)',
    );
  });

  it('gives the near miss back with a zone: a time without one, and a + that a URL query turned into a space', () => {
    expect(ruleOf('2026-12-06T10:30', '--as-of')).toBe(
      '--as-of: must be an ISO-8601 instant with Z or an offset, e.g. 2026-12-06T10:30:00Z (a time without Z or an offset means a different instant in every zone)',
    );
    expect(ruleOf('2026-12-06 10:30:15.5')).toContain('e.g. 2026-12-06T10:30:15.5Z');
    expect(ruleOf('2026-12-06T10:30:00 02:00')).toBe(
      'asOf: must be an ISO-8601 instant with Z or an offset, e.g. 2026-12-06T10:30:00+02:00 (in a URL query write + as %2B: a bare + reads as a space)',
    );
  });

  it('says "required" only when nothing was given, and never builds an example from a day that does not exist', () => {
    expect(ruleOf(undefined)).toBe(
      'asOf: required: an ISO-8601 instant with Z or an offset, e.g. 2026-09-30T23:59:59Z',
    );
    expect(ruleOf('  ')).toMatch(/^asOf: required: /);
    expect(ruleOf(20261206)).toMatch(/^asOf: expected string: an ISO-8601 instant/);
    expect(ruleOf('2026-02-30')).toBe(
      'asOf: must be an ISO-8601 instant with Z or an offset on a real calendar day, e.g. 2026-09-30T23:59:59Z',
    );
    expect(ruleOf('yesterday')).toBe(
      'asOf: must be an ISO-8601 instant with Z or an offset on a real calendar day, e.g. 2026-09-30T23:59:59Z',
    );
  });

  it('returns the instant in UTC when it is one', () => {
    expect(requireInstant('2026-12-06T01:00:00+01:00', 'asOf')).toBe('2026-12-06T00:00:00.000Z');
  });
});
