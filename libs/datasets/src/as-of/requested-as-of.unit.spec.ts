import { ValidationError } from '@hindsight/contracts';
import { requestedAsOf } from './requested-as-of';

describe('requestedAsOf', () => {
  const now = new Date('2026-11-29T12:00:00Z');
  const issuesOf = (value: unknown, field?: string) => {
    try {
      requestedAsOf(value, now, field);
    } catch (error) {
      if (error instanceof ValidationError)
        return error.issues.map((i) => `${i.path}: ${i.rule.split(' (')[0].split(':')[0]}`);
      throw error;
    }
    return [];
  };

  const rulesOf = (value: unknown, field?: string) => {
    try {
      requestedAsOf(value, now, field);
    } catch (error) {
      if (error instanceof ValidationError) return error.issues.map((i) => `${i.path}: ${i.rule}`);
      throw error;
    }
    return [];
  };

  it('normalises a past or present instant to UTC', () => {
    expect(requestedAsOf('2026-09-30T23:59:59+02:00', now)).toBe('2026-09-30T21:59:59.000Z');
    expect(requestedAsOf(now.toISOString(), now)).toBe(now.toISOString());
  });

  it('refuses a future instant, naming the field', () => {
    expect(issuesOf('2026-11-29T12:00:01Z', '--as-of')).toEqual(['--as-of: must not be in the future']);
  });

  it('refuses what is not an ISO-8601 instant, saying the form expected, and says "required" only when nothing was given', () => {
    expect(rulesOf('2026-12-06')).toEqual([
      'asOf: must be an ISO-8601 instant with Z or an offset, e.g. 2026-12-06T00:00:00Z (a date alone has no time or zone)',
    ]);
    expect(rulesOf('yesterday', '--as-of')).toEqual([
      '--as-of: must be an ISO-8601 instant with Z or an offset on a real calendar day, e.g. 2026-09-30T23:59:59Z',
    ]);
    expect(rulesOf('2026-13-45T00:00:00Z')).toEqual([
      'asOf: must be an ISO-8601 instant with Z or an offset on a real calendar day, e.g. 2026-09-30T23:59:59Z',
    ]);
    expect(rulesOf(undefined)).toEqual([
      'asOf: required: an ISO-8601 instant with Z or an offset, e.g. 2026-09-30T23:59:59Z',
    ]);
  });
});
