import { instantOf } from './instant';

describe('instantOf', () => {
  it('normalises an instant with Z or an offset to UTC', () => {
    expect(instantOf('2026-09-30T23:59:59Z')).toBe('2026-09-30T23:59:59.000Z');
    expect(instantOf('2026-10-01T01:59:59.5+02:00')).toBe('2026-09-30T23:59:59.500Z');
    expect(instantOf('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
  });

  it.each([
    ['no zone (Date.parse would read the server\'s local time)', '2026-09-30T23:59:59'],
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
