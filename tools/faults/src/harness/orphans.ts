import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/**
 * What a fault runner killed without its teardown (SIGKILL, an OOM kill) left running: its service processes, its
 * broker and its PostgreSQL cluster, orphans of init. The runner puts a mark in its environment before it starts
 * anything, so every process it starts, and theirs, carries it (`/proc/<pid>/environ` is the environment a process
 * was started with). The next runner stops the processes whose mark names a runner that is gone, and removes the
 * folders they left: a scenario's or the soak's folder (marked by a `.runner` file) and a private PostgreSQL
 * cluster's (`hindsight-pg-*`, named by its stopped postmaster's `-D`).
 */
export const RUNNER_MARK = 'HINDSIGHT_FAULTS_RUNNER';

/** A runner as its mark names it: its pid and when it started (clock ticks after boot, so a reused pid is not it). */
export interface RunnerIdentity {
  readonly pid: number;
  readonly startTicks: string;
}

/** The mark's value of a runner: `<pid>:<start ticks>`. */
export const markOf = (runner: RunnerIdentity): string => `${runner.pid}:${runner.startTicks}`;

/** The runner a `/proc/<pid>/environ` text names, if it carries a mark. */
export function markedRunner(environ: string): RunnerIdentity | undefined {
  for (const entry of environ.split('\0')) {
    if (!entry.startsWith(`${RUNNER_MARK}=`)) continue;
    const match = /^(\d+):(\d+)$/.exec(entry.slice(RUNNER_MARK.length + 1));
    return match ? { pid: Number(match[1]), startTicks: match[2] } : undefined;
  }
  return undefined;
}

/**
 * A process's start time from its `/proc/<pid>/stat` text: field 22. The command name (field 2) is in parentheses
 * and may hold spaces and parentheses itself, so fields are counted after the last `)`.
 */
export function startTicksOf(stat: string): string | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: field 3 (state) is index 0, so field 22 is index 19.
  return fields[19];
}

function readProc(pid: number | string, file: 'environ' | 'stat' | 'cmdline'): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'latin1');
  } catch {
    // Gone meanwhile, or not ours to read: neither is an orphan this runner can stop.
    return undefined;
  }
}

/** This process as a runner's mark names it. */
export function thisRunner(): RunnerIdentity {
  const ticks = startTicksOf(readProc(process.pid, 'stat') ?? '');
  if (ticks === undefined) throw new Error('faults: cannot read this process start time from /proc (Linux only)');
  return { pid: process.pid, startTicks: ticks };
}

const isRunning = (runner: RunnerIdentity): boolean => {
  const stat = readProc(runner.pid, 'stat');
  return stat !== undefined && startTicksOf(stat) === runner.startTicks;
};

/** Marks the processes this runner starts from now on (they inherit `process.env`). */
export function markChildrenOfThisRunner(): void {
  process.env[RUNNER_MARK] = markOf(thisRunner());
}

/**
 * A private PostgreSQL cluster's folder from its postmaster's command line (`postgres -D <folder>/data …`), when it
 * is one `startPrivatePostgres` made in the temporary folder.
 */
export function privateClusterFolder(cmdline: string): string | undefined {
  const argv = cmdline.split('\0');
  const data = argv[argv.indexOf('-D') + 1];
  if (argv.indexOf('-D') < 0 || data === undefined || basename(data) !== 'data') return undefined;
  const folder = dirname(data);
  return dirname(folder) === tmpdir() && basename(folder).startsWith('hindsight-pg-') ? folder : undefined;
}

/**
 * Stops (SIGKILL: their folders are temporary, and an orphaned cluster has no one to wait for it) every process
 * marked by a runner that is no longer running. Returns how many were stopped, the runners they belonged to and
 * the private PostgreSQL clusters' folders whose postmasters were among them.
 */
export function stopOrphansOfGoneRunners(): {
  readonly stopped: number;
  readonly runners: readonly string[];
  readonly clusterFolders: readonly string[];
} {
  const gone = new Map<string, boolean>();
  const runners = new Set<string>();
  const clusterFolders: string[] = [];
  let stopped = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const environ = readProc(entry, 'environ');
    const runner = environ === undefined ? undefined : markedRunner(environ);
    if (runner === undefined) continue;
    const mark = markOf(runner);
    if (!gone.has(mark)) gone.set(mark, !isRunning(runner));
    if (!gone.get(mark)) continue;
    const cluster = privateClusterFolder(readProc(entry, 'cmdline') ?? '');
    try {
      process.kill(Number(entry), 'SIGKILL');
      stopped++;
      runners.add(mark);
      if (cluster !== undefined) clusterFolders.push(cluster);
    } catch {
      // Ended by itself meanwhile (ESRCH), or not ours to stop (EPERM): nothing more to do for it.
    }
  }
  return { stopped, runners: [...runners], clusterFolders };
}

const FOLDER_MARK_FILE = '.runner';

/** Marks a runner's folder as this runner's, so that a later runner removes it if this one is killed. */
export function markFolderOfThisRunner(folder: string): void {
  writeFileSync(join(folder, FOLDER_MARK_FILE), `${process.env[RUNNER_MARK] ?? markOf(thisRunner())}\n`);
}

/** Keeps a runner's folder for good (`--keep`, logs of a failure): a later runner leaves it alone. */
export function keepFolderOfThisRunner(folder: string): void {
  rmSync(join(folder, FOLDER_MARK_FILE), { force: true });
}

/** The marked folders (`hindsight-faults-*`, `hindsight-soak-*` in the temporary folder) of runners that are gone. */
export function foldersOfGoneRunners(): string[] {
  const folders: string[] = [];
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith('hindsight-faults-') && !entry.startsWith('hindsight-soak-')) continue;
    let marked: string;
    try {
      marked = readFileSync(join(tmpdir(), entry, FOLDER_MARK_FILE), 'utf8').trim();
    } catch {
      // Not a runner's folder, or one from before folders were marked: left as it is.
      continue;
    }
    const runner = markedRunner(`${RUNNER_MARK}=${marked}`);
    if (runner !== undefined && !isRunning(runner)) folders.push(join(tmpdir(), entry));
  }
  return folders;
}

/**
 * What a runner (`npm run faults`, `npm run soak`) does first: stops what gone runners left behind, saying so,
 * then marks what it will start itself.
 */
export function startAsRunner(say: (line: string) => void): void {
  const { stopped, runners, clusterFolders } = stopOrphansOfGoneRunners();
  if (stopped > 0)
    say(
      `stopped ${stopped} process(es) left running by ${runners.length} earlier runner(s) killed without their teardown (${runners.join(', ')})`,
    );
  const folders = [...clusterFolders, ...foldersOfGoneRunners()];
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  if (folders.length > 0) say(`removed ${folders.length} folder(s) of earlier runners: ${folders.join(', ')}`);
  markChildrenOfThisRunner();
}
