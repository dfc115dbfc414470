import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL cluster of one test's own, in a temporary folder on its own port, that it may stop hard. */
export interface PrivatePostgres {
  readonly url: string;
  /** `pg_ctl stop -m immediate`: every backend dies at once, as in a crash; the next start recovers. */
  stopImmediately(): void;
  /** Starts the cluster and waits until it accepts connections. */
  start(): void;
  /** Stops it if it runs and deletes its folder. */
  destroy(): void;
}

const POSTGRES_ROOT = '/usr/lib/postgresql';

/** The newest installed server's bin folder holding initdb and pg_ctl, if any. */
export function postgresBinaries(): string | undefined {
  if (!existsSync(POSTGRES_ROOT)) return undefined;
  const versions = readdirSync(POSTGRES_ROOT)
    .filter((v) => existsSync(join(POSTGRES_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(POSTGRES_ROOT, versions[0], 'bin') : undefined;
}

/** The server refuses to run as root; as root the cluster belongs to the `postgres` account. */
function run(bin: string, args: readonly string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, [...args]];
  execFileSync(command, argv, { stdio: 'pipe', timeout: 120_000 });
}

export function startPrivatePostgres(port: number): PrivatePostgres {
  const bin = postgresBinaries();
  if (bin === undefined) throw new Error(`no initdb under ${POSTGRES_ROOT}/*/bin`);
  const root = mkdtempSync(join(tmpdir(), 'hindsight-pg-'));
  if (process.getuid?.() === 0) chownSync(root, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), -1);
  const data = join(root, 'data');
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-N']);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  let running = false;
  const cluster: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/hindsight`,
    start: () => {
      run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(root, 'server.log'), '-o', options, '-w', '-t', '120', 'start']);
      running = true;
    },
    stopImmediately: () => {
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      running = false;
    },
    destroy: () => {
      if (running) cluster.stopImmediately();
      rmSync(root, { recursive: true, force: true });
    },
  };
  cluster.start();
  return cluster;
}
