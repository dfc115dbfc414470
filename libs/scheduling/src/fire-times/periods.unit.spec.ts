import { missedPeriods } from './missed-periods';
import { periodOf, periodLabel } from './period-of';
import { previousFireTime } from './next-fire-times';

describe('periodOf', () => {
  it('labels quarterly, monthly and weekly periods by the local calendar of the fire', () => {
    // Berlin's Q3 starts 2026-06-30T22:00Z; one minute earlier is still Q2.
    expect(periodOf('quarterly', 'Europe/Berlin', '2026-06-30T22:00:00Z')).toBe('2026-Q3');
    expect(periodOf('quarterly', 'Europe/Berlin', '2026-06-30T21:59:00Z')).toBe('2026-Q2');
    expect(periodOf('quarterly', 'Europe/Berlin', '2026-12-31T23:30:00Z')).toBe('2027-Q1');
    expect(periodOf('monthly', 'America/New_York', '2026-03-01T04:59:59Z')).toBe('2026-02');
    expect(periodOf('monthly', 'America/New_York', '2026-03-01T05:00:00Z')).toBe('2026-03');
    // ISO weeks: 2026-12-28 (Monday) is in week 53 of 2026; 2027-01-04 starts 2027-W01.
    expect(periodOf('weekly', 'UTC', '2026-12-31T12:00:00Z')).toBe('2026-W53');
    expect(periodOf('weekly', 'UTC', '2027-01-04T00:00:00Z')).toBe('2027-W01');
    expect(periodOf('weekly', 'UTC', '2026-01-01T00:00:00Z')).toBe('2026-W01');
  });

  it('labels other cadences by the fire instant, stable for every instant of the period', () => {
    expect(periodOf('0 6 * * *', 'UTC', '2026-08-15T12:00:00Z')).toBe('2026-08-15T06:00:00.000Z');
    expect(periodOf('0 6 * * *', 'UTC', '2026-08-16T05:59:59Z')).toBe('2026-08-15T06:00:00.000Z');
    expect(periodOf('*/5 * * * *', 'Asia/Kolkata', '2026-08-16T05:59:59Z')).toBe('2026-08-16T05:55:00.000Z');
    expect(periodLabel('30 2 * * *', 'Europe/Berlin', new Date('2026-03-29T01:30:00Z'))).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('finds rare fires far back and says when there is none', () => {
    expect(previousFireTime('0 0 29 2 *', 'UTC', '2027-06-01T00:00:00Z')?.toISOString()).toBe(
      '2024-02-29T00:00:00.000Z',
    );
    expect(() => periodOf('monthly', 'UTC', 'not a time')).toThrow('periodOf: instant is not a valid instant');
  });
});

describe('missedPeriods', () => {
  const fires = (r: ReturnType<typeof missedPeriods>) => r.due.map((d) => [d.period, d.fireTime.toISOString()]);

  it('with all, gives every period that passed, in order', () => {
    const r = missedPeriods('monthly', 'UTC', '2026-01-01T00:00:00Z', '2026-04-15T00:00:00Z', 'all');
    expect(fires(r)).toEqual([
      ['2026-02', '2026-02-01T00:00:00.000Z'],
      ['2026-03', '2026-03-01T00:00:00.000Z'],
      ['2026-04', '2026-04-01T00:00:00.000Z'],
    ]);
    expect(r.missed).toBe(3);
  });

  it('with latest-only, gives the last one only', () => {
    const r = missedPeriods(
      'quarterly',
      'Europe/Berlin',
      '2025-12-31T23:00:00Z',
      '2026-10-02T00:00:00Z',
      'latest-only',
    );
    expect(fires(r)).toEqual([['2026-Q4', '2026-09-30T22:00:00.000Z']]);
    expect(r.missed).toBe(3);
  });

  it('counts a fire exactly at now, not one exactly at lastFired', () => {
    expect(fires(missedPeriods('monthly', 'UTC', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z', 'all'))).toEqual([
      ['2026-03', '2026-03-01T00:00:00.000Z'],
    ]);
    expect(missedPeriods('monthly', 'UTC', '2026-03-01T00:00:00Z', '2026-03-31T23:59:59Z', 'all').due).toEqual([]);
  });

  it('bounds the work: all returns the oldest `limit` and says more remain; latest-only still reaches now', () => {
    const all = missedPeriods('* * * * *', 'UTC', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z', 'all', 25);
    expect(all.due).toHaveLength(25);
    expect(all.due[0].fireTime.toISOString()).toBe('2026-01-01T00:01:00.000Z');
    expect(all.truncated).toBe(true);
    const latest = missedPeriods('* * * * *', 'UTC', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z', 'latest-only', 25);
    expect(fires(latest)).toEqual([['2026-01-01T01:00:00.000Z', '2026-01-01T01:00:00.000Z']]);
    expect(latest.missed).toBe(60);
    expect(missedPeriods('* * * * *', 'UTC', '2026-01-01T00:00:00Z', '2026-01-01T00:25:00Z', 'all', 25).truncated).toBe(
      false,
    );
  });

  it('rejects an unknown mode naming the function', () => {
    expect(() => missedPeriods('monthly', 'UTC', 0, 1, 'some' as never)).toThrow(
      'missedPeriods: mode must be latest-only or all',
    );
  });
});
