import { ValidationError } from '@hindsight/contracts';
import { parseDemoArguments } from './demo-options';

describe('parseDemoArguments', () => {
  const quiet = () => undefined;

  it('has defaults sized for a few minutes on a laptop', () => {
    expect(parseDemoArguments([], quiet)).toEqual({
      options: { comparisons: 4000, raters: 60, interactions: 500, seed: 7, timezone: 'Europe/Berlin', keep: false },
    });
  });

  it('reads every flag', () => {
    const parsed = parseDemoArguments(
      [
        '--comparisons',
        '800',
        '--raters',
        '30',
        '--interactions',
        '0',
        '--seed',
        '3',
        '--tz',
        'UTC',
        '--keep',
        '--summary',
        's.json',
      ],
      quiet,
    );
    expect(parsed).toEqual({
      options: {
        comparisons: 800,
        raters: 30,
        interactions: 0,
        seed: 3,
        timezone: 'UTC',
        keep: true,
        summaryFile: 's.json',
      },
    });
  });

  it('refuses bad values, naming the flag', () => {
    expect(() => parseDemoArguments(['--comparisons', '10'], quiet)).toThrow(
      /--comparisons must be an integer from 200 to 200000/,
    );
    expect(() => parseDemoArguments(['--tz', 'Mars/Olympus'], quiet)).toThrow(ValidationError);
    expect(() => parseDemoArguments(['--tz', 'Mars/Olympus'], quiet)).toThrow(/--tz: unknown IANA time zone/);
  });

  it('answers --help and unknown flags with an exit code instead of a run', () => {
    const out: string[] = [];
    expect(parseDemoArguments(['--help'], (t) => out.push(t))).toEqual({ exitCode: 0 });
    expect(out.join('')).toContain('--comparisons <n>');
    expect(parseDemoArguments(['--nope'], quiet)).toEqual({ exitCode: 2 });
  });
});
