import { parseBenchArgs, type BenchOption } from './bench-args';

const options: Record<string, BenchOption> = {
  events: { value: 'N', help: 'events' },
  profile: { value: 'file', help: 'a profile' },
  gzip: { help: 'a flag' },
};

describe('parseBenchArgs', () => {
  it('reads declared options and flags, absent ones left out', () => {
    expect(parseBenchArgs(['--events', '200k', '--gzip'], options)).toEqual({
      kind: 'run',
      values: { events: '200k', gzip: true },
    });
    expect(parseBenchArgs(['--events=1M'], options)).toEqual({ kind: 'run', values: { events: '1M' } });
    expect(parseBenchArgs([], options)).toEqual({ kind: 'run', values: {} });
  });

  it.each([
    [['--event', '1M'], /Unknown option '--event'/],
    [['--events'], /--events <value>' argument missing/],
    [['--gzip=yes'], /'--gzip' does not take an argument/],
    [['stray'], /Unexpected argument 'stray'/],
  ])('refuses %j, saying why', (args, reason) => {
    const parsed = parseBenchArgs(args, options);
    expect(parsed.kind).toBe('refused');
    expect(parsed.kind === 'refused' && parsed.reason).toMatch(reason);
  });

  it('asks for the usage on --help or -h, whatever else is given', () => {
    expect(parseBenchArgs(['--help'], options)).toEqual({ kind: 'help' });
    expect(parseBenchArgs(['--events', '5', '-h'], options)).toEqual({ kind: 'help' });
  });

  it('takes exactly one positional argument when the command declares one', () => {
    const file = { value: 'file.cpuprofile', help: 'the profile' };
    expect(parseBenchArgs(['a.cpuprofile', '--events', '9'], options, file)).toEqual({
      kind: 'run',
      values: { events: '9' },
      positional: 'a.cpuprofile',
    });
    expect(parseBenchArgs(['a.cpuprofile', '100000'], options, file)).toEqual({
      kind: 'refused',
      reason: 'needs one <file.cpuprofile> (got 2)',
    });
    expect(parseBenchArgs(['--events', '9'], options, file)).toEqual({
      kind: 'refused',
      reason: 'needs one <file.cpuprofile> (got 0)',
    });
  });
});
