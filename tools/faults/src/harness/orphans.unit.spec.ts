import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markedRunner, markOf, privateClusterFolder, RUNNER_MARK, startTicksOf } from './orphans';

describe('runner marks', () => {
  it('finds the runner a process environment names, and nothing in one without a well-formed mark', () => {
    const runner = { pid: 4242, startTicks: '987654' };
    expect(markedRunner(`PATH=/usr/bin\0${RUNNER_MARK}=${markOf(runner)}\0HOME=/root\0`)).toEqual(runner);
    expect(markedRunner('PATH=/usr/bin\0HOME=/root\0')).toBeUndefined();
    expect(markedRunner(`${RUNNER_MARK}=4242\0`)).toBeUndefined();
    expect(markedRunner(`X_${RUNNER_MARK}=1:2\0`)).toBeUndefined();
  });

  it('reads the start time (field 22 of proc(5) stat) after a command name holding spaces and parentheses', () => {
    // Fields 3 to 21 are made up; 22 is the start time, 23 the virtual memory size.
    const after = ['S', ...Array.from({ length: 18 }, (_, i) => String(i + 4)), '1234567', '99999'].join(' ');
    expect(startTicksOf(`77 (node) ${after}`)).toBe('1234567');
    expect(startTicksOf(`77 (a b) (c)) ${after}`)).toBe('1234567');
  });

  it("names a private PostgreSQL cluster's folder from its postmaster's command line, and no other folder", () => {
    const folder = join(tmpdir(), 'hindsight-pg-Ab12Cd');
    const argv = (...args: string[]) => ['/usr/lib/postgresql/15/bin/postgres', ...args].join('\0');
    expect(privateClusterFolder(argv('-D', join(folder, 'data'), '-p', '5433'))).toBe(folder);
    expect(privateClusterFolder(argv('-D', '/var/lib/postgresql/15/main'))).toBeUndefined();
    expect(privateClusterFolder(argv('-D', join(tmpdir(), 'other', 'data')))).toBeUndefined();
    expect(privateClusterFolder(argv('-p', '5433'))).toBeUndefined();
    expect(privateClusterFolder(argv('-D'))).toBeUndefined();
  });
});
