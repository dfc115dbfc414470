import { Command } from 'commander';
import { referenceFireTimes, type DayRule } from '@hindsight/scheduling';
import { registerPolicyCommands } from './policy.command';

/*
 * `hindsight policy next` against the independent reference computation
 * (@hindsight/scheduling's referenceFireTimes: wall-clock enumeration with Intl
 * offset lookups, no croner; its header states the daylight-saving rule), instant
 * for instant over a whole year, in zones with and without daylight saving.
 */

let out: string[];

beforeEach(() => {
  out = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
});

afterEach(() => jest.restoreAllMocks());

const run = async (...args: string[]): Promise<string> => {
  const program = new Command('hindsight')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerPolicyCommands(program);
  await program.parseAsync(args, { from: 'user' });
  return out.join('');
};

const rules: Record<string, DayRule> = {
  quarterly: (_y, m, d) => (d === 1 && [1, 4, 7, 10].includes(m) ? [[0, 0]] : []),
  monthly: (_y, _m, d) => (d === 1 ? [[0, 0]] : []),
  weekly: (_y, _m, _d, wd) => (wd === 1 ? [[0, 0]] : []),
  '30 2 * * *': () => [[2, 30]],
};

describe('hindsight policy next', () => {
  const from = '2026-01-01T00:00:00Z';
  const until = Date.parse('2027-01-01T00:00:00Z');
  const cases: [string, string][] = [];
  for (const cadence of Object.keys(rules))
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata'])
      cases.push([cadence, zone]);

  it.each(cases)('%s in %s agrees with the reference computation for 2026', async (cadence, zone) => {
    const expected = referenceFireTimes(rules[cadence], zone, Date.parse(from), until).map((t) =>
      new Date(t).toISOString(),
    );
    const printed = JSON.parse(
      await run(
        'policy',
        'next',
        '--cron',
        cadence,
        '--tz',
        zone,
        '--from',
        from,
        '--count',
        String(expected.length),
        '--json',
      ),
    );
    expect(printed).toEqual({ cron: cadence, tz: zone, from: '2026-01-01T00:00:00.000Z', times: expected });
  });

  it('prints one UTC instant per line without --json', async () => {
    expect(
      await run('policy', 'next', '--cron', 'quarterly', '--tz', 'Europe/Berlin', '--from', from, '--count', '3'),
    ).toBe('2026-03-31T22:00:00.000Z\n2026-06-30T22:00:00.000Z\n2026-09-30T22:00:00.000Z\n');
  });

  it.each([
    [['--cron', 'fortnightly'], 'cadence: not a valid cron expression or shorthand'],
    [['--cron', 'weekly', '--tz', 'Mars/Olympus'], 'timezone: unknown IANA time zone'],
    [['--cron', 'weekly', '--from', 'tomorrow'], 'from: must be an ISO-8601 instant'],
    [['--cron', 'weekly', '--from', '2026-01-01T00:00'], 'from: must be an ISO-8601 instant'],
    [['--cron', 'weekly', '--count', '0'], 'count: must be an integer from 1 to 1000'],
  ])('rejects %j naming the field', async (args, message) => {
    await expect(run('policy', 'next', ...args)).rejects.toThrow(message);
  });
});
