import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  foldersOfGoneRunners,
  markOf,
  RUNNER_MARK,
  startTicksOf,
  stopOrphansOfGoneRunners,
  thisRunner,
} from './orphans';

/** A process that only waits, with `env` added to this one's environment. */
function waiting(env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
}

const exited = (child: ChildProcess) =>
  new Promise<NodeJS.Signals | number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode ?? child.exitCode);
    else child.once('exit', (code, signal) => resolve(signal ?? code));
  });

/** Running, not a zombie: a process stopped meanwhile is gone from /proc or in state Z until its parent reaps it. */
function running(child: ChildProcess): boolean {
  try {
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
}

const started = (child: ChildProcess) => new Promise<void>((resolve) => child.once('spawn', () => resolve()));

/** A runner that is still running, its mark, and a way to kill it so that what it marked is left behind. */
async function runnerToBeGone(children: ChildProcess[]): Promise<{ mark: string; kill: () => Promise<void> }> {
  const runner = waiting();
  children.push(runner);
  await started(runner);
  const mark = markOf({
    pid: runner.pid as number,
    startTicks: startTicksOf(readFileSync(`/proc/${runner.pid}/stat`, 'latin1')) as string,
  });
  const kill = async () => {
    runner.kill('SIGKILL');
    await exited(runner);
  };
  return { mark, kill };
}

/**
 * Real processes: an orphan whose runner was killed is stopped; a process marked by a runner still running (this
 * test's own process) and one without a mark are left alone.
 */
describe('stopOrphansOfGoneRunners', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('stops what a killed runner left running, and nothing else', async () => {
    const goneRunner = await runnerToBeGone(children);
    const goneMark = goneRunner.mark;
    const orphan = waiting({ [RUNNER_MARK]: goneMark });
    const ours = waiting({ [RUNNER_MARK]: markOf(thisRunner()) });
    const unmarked = waiting();
    children.push(orphan, ours, unmarked);
    await Promise.all([orphan, ours, unmarked].map(started));
    await goneRunner.kill();

    const result = stopOrphansOfGoneRunners();

    expect(await exited(orphan)).toBe('SIGKILL');
    expect(result.runners).toContain(goneMark);
    expect(result.stopped).toBeGreaterThanOrEqual(1);
    expect(running(ours)).toBe(true);
    expect(running(unmarked)).toBe(true);
  });

  it('never counts a runner that still runs (this test process) as gone', () => {
    expect(stopOrphansOfGoneRunners().runners).not.toContain(markOf(thisRunner()));
  });

  it('names the marked folders of runners that are gone, not those of a running one nor unmarked ones', async () => {
    const goneRunner = await runnerToBeGone(children);
    const goneMark = goneRunner.mark;
    await goneRunner.kill();
    const folder = (mark?: string) => {
      const made = mkdtempSync(join(tmpdir(), 'hindsight-faults-orphans-spec-'));
      if (mark !== undefined) writeFileSync(join(made, '.runner'), `${mark}\n`);
      return made;
    };
    const [left, ours, unmarked] = [folder(goneMark), folder(markOf(thisRunner())), folder()];
    try {
      const gone = foldersOfGoneRunners();
      expect(gone).toContain(left);
      expect(gone).not.toContain(ours);
      expect(gone).not.toContain(unmarked);
    } finally {
      for (const made of [left, ours, unmarked]) rmSync(made, { recursive: true, force: true });
    }
  });
});
