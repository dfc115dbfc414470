import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './free-port';

/** The S3Mock release the tests run; tools/s3mock/pom.xml pins the same one. */
export const s3MockVersion = '5.2.0';

const repositoryRoot = resolve(__dirname, '../..');

export interface S3MockServer {
  /** http://127.0.0.1:<port>, path-style. */
  readonly endpoint: string;
  /** The variables that point an s3:// artifact store at this server (any credentials are accepted). */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

/**
 * Starts Adobe's S3Mock, a real S3-compatible HTTP server, on free ports with the
 * given buckets and a throw-away storage folder. There is no Docker here: the
 * executable jar comes from Maven Central through tools/s3mock/pom.xml, once,
 * into the git-ignored .hindsight/s3mock/ (as the local Kafka's jars do).
 * Startup takes 10-40 s on two busy cores (Spring Boot); start one per test file.
 * @throws Error when java or mvn is missing, the download fails, or the server does not answer in time.
 */
export async function startS3Mock(buckets: readonly string[], timeoutMs = 150_000): Promise<S3MockServer> {
  const jar = ensureS3MockJar();
  const [httpPort, httpsPort, vectorsHttpPort, vectorsHttpsPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-s3mock-'));
  const log = join(dir, 's3mock.log');
  const out = openSync(log, 'a');
  const child = spawn(
    java(),
    [
      '-Xms64m',
      '-Xmx384m',
      // A test server lives a minute: the C1 compiler alone starts it noticeably faster.
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      '-jar',
      jar,
      `--server.port=${httpsPort}`,
      `--http.port=${httpPort}`,
      // S3Mock 5 also serves S3 Vectors, by default on 9092: the local Kafka broker's port.
      `--vectors.http.port=${vectorsHttpPort}`,
      `--vectors.https.port=${vectorsHttpsPort}`,
      '--server.address=127.0.0.1',
      `--com.adobe.testing.s3mock.store.root=${join(dir, 'store')}`,
      `--com.adobe.testing.s3mock.store.initial-buckets=${buckets.join(',')}`,
      '--com.adobe.testing.s3mock.store.retain-files-on-exit=false',
      '--spring.main.banner-mode=off',
      '--logging.level.root=WARN',
    ],
    { stdio: ['ignore', out, out] },
  );
  closeSync(out);
  const endpoint = `http://127.0.0.1:${httpPort}`;
  const stop = () => stopProcess(child).finally(() => rmSync(dir, { recursive: true, force: true }));
  try {
    await untilAnswering(endpoint, child, timeoutMs);
  } catch (error) {
    const tail = existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n').slice(-30).join('\n') : '(no log)';
    await stop();
    throw new Error(`S3Mock did not start: ${(error as Error).message}\n${tail}`);
  }
  return {
    endpoint,
    env: {
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'hindsight-test',
      AWS_SECRET_ACCESS_KEY: 'hindsight-test',
    },
    stop,
  };
}

/** The executable jar, fetched from Maven Central on first use; a partial download never takes its place. */
export function ensureS3MockJar(): string {
  const home = resolve(repositoryRoot, process.env.HINDSIGHT_HOME?.trim() || '.hindsight', 's3mock');
  const jar = join(home, `s3mock-${s3MockVersion}-exec.jar`);
  if (existsSync(jar)) return jar;
  for (const [tool, args] of [
    [java(), ['-version']],
    ['mvn', ['-v']],
  ] as const) {
    const check = spawnSync(tool, args, { stdio: 'ignore' });
    if (check.error || check.status !== 0)
      throw new Error(`${tool} is needed to run S3Mock for the artifact-store tests (Java 17+ and Apache Maven)`);
  }
  mkdirSync(home, { recursive: true });
  const download = mkdtempSync(join(home, 'download-'));
  try {
    const result = spawnSync(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        join(repositoryRoot, 'tools/s3mock/pom.xml'),
        `-Ds3mock.version=${s3MockVersion}`,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${download}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 600_000 },
    );
    const fetched = readdirSync(download).find((f) => f === `s3mock-${s3MockVersion}-exec.jar`);
    if (result.status !== 0 || !fetched)
      throw new Error(
        `Maven could not fetch S3Mock ${s3MockVersion}:\n${(result.stdout ?? '') + (result.stderr ?? '')}`,
      );
    renameSync(join(download, fetched), jar);
  } finally {
    rmSync(download, { recursive: true, force: true });
  }
  return jar;
}

function java(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

async function untilAnswering(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
  while (Date.now() < deadline) {
    if (exited) throw new Error(exited);
    try {
      // ListBuckets: answers once the controllers and the store are up.
      if ((await fetch(`${endpoint}/`, { signal: AbortSignal.timeout(5000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no answer from ${endpoint} within ${timeoutMs} ms`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
