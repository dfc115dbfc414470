import { nextFireTimes } from './next-fire-times';
import { referenceFireTimes, type DayRule } from './reference-fire-times';

/*
 * nextFireTimes (croner) against an independent computation that does not use
 * croner (reference-fire-times.ts; its header states the daylight-saving rule asserted).
 */

const rules: Record<string, DayRule> = {
  quarterly: (_y, m, d) => (d === 1 && [1, 4, 7, 10].includes(m) ? [[0, 0]] : []),
  monthly: (_y, _m, d) => (d === 1 ? [[0, 0]] : []),
  weekly: (_y, _m, _d, wd) => (wd === 1 ? [[0, 0]] : []),
  '30 2 * * *': () => [[2, 30]],
  '30 1 * * *': () => [[1, 30]],
  '0 * * * *': () => Array.from({ length: 24 }, (_, h) => [h, 0] as [number, number]),
  '15 9 * * 1-5': (_y, _m, _d, wd) => (wd >= 1 && wd <= 5 ? [[9, 15]] : []),
};

const iso = (t: number) => new Date(t).toISOString();

describe('nextFireTimes agrees with an independent computation over a whole year', () => {
  const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'];
  const from = Date.parse('2026-01-01T00:00:00Z');
  const until = Date.parse('2027-01-01T00:00:00Z');
  const cases: [string, string][] = [];
  for (const cadence of ['quarterly', 'monthly', 'weekly', '30 2 * * *', '30 1 * * *', '15 9 * * 1-5'])
    for (const zone of zones) cases.push([cadence, zone]);

  const agree = (cadence: string, zone: string, start: number, end: number) => {
    const expected = referenceFireTimes(rules[cadence], zone, start, end).map(iso);
    const actual = nextFireTimes(cadence, zone, new Date(start), expected.length + 1).map((d) => d.toISOString());
    expect(expected.length).toBeGreaterThan(0);
    expect(actual.slice(0, expected.length)).toEqual(expected);
    expect(Date.parse(actual[expected.length])).toBeGreaterThan(end);
  };

  it.each(cases)('%s in %s', (cadence, zone) => agree(cadence, zone, from, until));

  // Hourly through the weeks around both 2026 transitions of each zone (croner takes ~0.5 ms a step, so not the whole year).
  it.each(['Europe/Berlin', 'America/New_York', 'Australia/Sydney'])(
    '0 * * * * around the transitions in %s',
    (zone) => {
      agree('0 * * * *', zone, Date.parse('2026-03-05T00:00:00Z'), Date.parse('2026-04-10T00:00:00Z'));
      agree('0 * * * *', zone, Date.parse('2026-09-30T00:00:00Z'), Date.parse('2026-11-05T00:00:00Z'));
    },
  );
});

describe('the daylight-saving rule on transition days (published 2026 transitions)', () => {
  const after = (cadence: string, zone: string, fromIso: string, n: number) =>
    nextFireTimes(cadence, zone, fromIso, n).map((d) => d.toISOString());

  it('02:30 in Berlin: skipped on 29 March (fires at 03:30 CEST), once on 25 October (the CET occurrence)', () => {
    // EU rule: clocks go forward at 01:00 UTC on the last Sunday of March, back at 01:00 UTC on the last Sunday of October.
    expect(after('30 2 * * *', 'Europe/Berlin', '2026-03-28T00:00:00Z', 3)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
    expect(after('30 2 * * *', 'Europe/Berlin', '2026-10-24T00:00:00Z', 3)).toEqual([
      '2026-10-24T00:30:00.000Z',
      '2026-10-25T01:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('New York: 02:30 on 8 March fires at 03:30 EDT; 01:30 on 1 November fires once, the EDT occurrence', () => {
    expect(after('30 2 * * *', 'America/New_York', '2026-03-07T12:00:00Z', 2)).toEqual([
      '2026-03-08T07:30:00.000Z',
      '2026-03-09T06:30:00.000Z',
    ]);
    expect(after('30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z', 2)).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('Sydney: 02:30 on 5 April fires once (AEST); on 4 October it fires at 03:30 AEDT', () => {
    // NSW rule: summer time ends 03:00 AEDT on the first Sunday of April, starts 02:00 AEST on the first Sunday of October.
    expect(after('30 2 * * *', 'Australia/Sydney', '2026-04-03T12:00:00Z', 3)).toEqual([
      '2026-04-03T15:30:00.000Z',
      '2026-04-04T16:30:00.000Z',
      '2026-04-05T16:30:00.000Z',
    ]);
    expect(after('30 2 * * *', 'Australia/Sydney', '2026-10-02T12:00:00Z', 3)).toEqual([
      '2026-10-02T16:30:00.000Z',
      '2026-10-03T16:30:00.000Z',
      '2026-10-04T15:30:00.000Z',
    ]);
  });
});

describe('nextFireTimes', () => {
  it('gives the quarterly fires of the issue example, strictly after from', () => {
    expect(nextFireTimes('quarterly', 'Europe/Berlin', '2026-01-01T00:00:00Z', 8).map((d) => d.toISOString())).toEqual([
      '2026-03-31T22:00:00.000Z',
      '2026-06-30T22:00:00.000Z',
      '2026-09-30T22:00:00.000Z',
      '2026-12-31T23:00:00.000Z',
      '2027-03-31T22:00:00.000Z',
      '2027-06-30T22:00:00.000Z',
      '2027-09-30T22:00:00.000Z',
      '2027-12-31T23:00:00.000Z',
    ]);
    expect(nextFireTimes('monthly', 'UTC', '2026-05-01T00:00:00Z', 1)[0].toISOString()).toBe(
      '2026-06-01T00:00:00.000Z',
    );
  });

  it('names the field it rejects and the function for bad arguments', () => {
    expect(() => nextFireTimes('every tuesday', 'UTC', 0, 1)).toThrow(
      'cadence: not a valid cron expression or shorthand',
    );
    expect(() => nextFireTimes('quarterly', 'Mars/Olympus', 0, 1)).toThrow('timezone: unknown IANA time zone');
    expect(() => nextFireTimes('quarterly', 'UTC', 'yesterday', 1)).toThrow(
      'nextFireTimes: from is not a valid instant',
    );
    expect(() => nextFireTimes('quarterly', 'UTC', 0, -1)).toThrow(
      'nextFireTimes: count must be a non-negative integer',
    );
  });
});
