import { demoCalendar } from './demo-calendar';

describe('demoCalendar', () => {
  it('simulates the last two complete quarters and fires at the next two quarter starts', () => {
    const c = demoCalendar(new Date('2026-11-29T12:00:00Z'), 'UTC');
    expect(c.quarters.map((q) => [q.label, q.start.toISOString(), q.end.toISOString()])).toEqual([
      ['2026-Q2', '2026-04-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z'],
      ['2026-Q3', '2026-07-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z'],
    ]);
    expect(c.fires.map((f) => [f.period, f.at.toISOString()])).toEqual([
      ['2027-Q1', '2027-01-01T00:00:00.000Z'],
      ['2027-Q2', '2027-04-01T00:00:00.000Z'],
    ]);
  });

  it('reads the quarters on the wall clock of the policy zone', () => {
    const c = demoCalendar(new Date('2026-11-29T12:00:00Z'), 'Europe/Berlin');
    // Midnight in Berlin: UTC+2 in summer, UTC+1 in winter.
    expect(c.quarters[1].start.toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(c.fires.map((f) => [f.period, f.at.toISOString()])).toEqual([
      ['2027-Q1', '2026-12-31T23:00:00.000Z'],
      ['2027-Q2', '2027-03-31T22:00:00.000Z'],
    ]);
  });

  it('treats a quarter start itself as already begun', () => {
    const c = demoCalendar(new Date('2027-01-01T00:00:00Z'), 'UTC');
    expect(c.quarters.map((q) => q.label)).toEqual(['2026-Q3', '2026-Q4']);
    expect(c.fires.map((f) => f.period)).toEqual(['2027-Q2', '2027-Q3']);
  });
});
