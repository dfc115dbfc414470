import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { probeKafka } from '@hindsight/kafka';
import { ensureDatabase, postgresMissingAdvice, probePostgres, redactPassword } from '@hindsight/store';
import type { PlatformConfig } from '@hindsight/config';
import { repoRoot as findRepoRoot } from '@hindsight/runtime';
import { dockerCompose, dockerEngineAvailable } from './docker-engine';
import {
  embeddedPostgresPaths,
  runningEmbeddedPostgres,
  startEmbeddedPostgres,
  stopEmbeddedPostgres,
} from './embedded-postgres';
import {
  ensureKafkaJars,
  isOurBroker,
  LocalStackError,
  localKafkaPaths,
  recordedPid,
  startBroker,
  tailOfLog,
  type ListenerAddress,
} from './local-kafka';

const repoRoot = findRepoRoot();
const composeFile = join(repoRoot, 'docker/compose.yml');
const pom = join(repoRoot, 'tools/kafka/pom.xml');

export type Say = (line: string) => void;

interface StackState {
  /** How the broker was started; absent when Kafka already answered. */
  readonly mode?: 'java' | 'docker';
  readonly pid?: number;
  readonly startedAt: string;
  /** The embedded PostgreSQL stack:up started, when nothing answered at DATABASE_URL. */
  readonly postgres?: { readonly pid: number; readonly data: string; readonly port: number };
}

function statePath(config: PlatformConfig): string {
  return resolve(config.home, 'stack.json');
}

function readState(config: PlatformConfig): StackState | undefined {
  const path = statePath(config);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as StackState) : undefined;
}

function writeState(config: PlatformConfig, state: StackState): void {
  mkdirSync(resolve(config.home), { recursive: true });
  writeFileSync(statePath(config), `${JSON.stringify(state, null, 2)}\n`);
}

function localListener(brokers: readonly string[]): ListenerAddress {
  const [first] = brokers;
  const at = first.lastIndexOf(':');
  const host = first.slice(0, at);
  if (!['127.0.0.1', 'localhost', '0.0.0.0', '::1'].includes(host)) {
    throw new LocalStackError(
      `KAFKA_BROKERS points at ${first}, which does not answer; a local broker is only started for a loopback address`,
    );
  }
  return { host: host === 'localhost' ? '127.0.0.1' : host, port: Number(first.slice(at + 1)) };
}

export interface StackUpResult {
  readonly started: 'nothing' | 'java' | 'docker';
  readonly pid?: number;
  /** 'embedded': nothing answered at DATABASE_URL, so this call started PostgreSQL in HINDSIGHT_HOME. */
  readonly postgres: 'existing' | 'embedded' | 'missing';
}

/**
 * Makes sure a broker answers at KAFKA_BROKERS: nothing if one already does, else
 * Docker Compose when an engine runs, else Apache Kafka's own jars in KRaft mode.
 * Then that PostgreSQL answers at DATABASE_URL: an existing server is always used;
 * when none answers on a loopback address, an embedded one is started in HINDSIGHT_HOME.
 */
export async function stackUp(config: PlatformConfig, say: Say, waitSeconds = 120): Promise<StackUpResult> {
  const kafka = await kafkaUp(config, say, waitSeconds);
  const postgres = await postgresUp(config, say, kafka.started === 'docker');
  return { ...kafka, postgres };
}

async function kafkaUp(
  config: PlatformConfig,
  say: Say,
  waitSeconds: number,
): Promise<Omit<StackUpResult, 'postgres'>> {
  const connection = { brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-stack` };
  const before = await probeKafka(connection, 2000);
  let result: Omit<StackUpResult, 'postgres'>;
  if (before.up) {
    say(`Kafka already answers at ${config.kafka.brokers.join(',')} (${before.detail}); nothing to start.`);
    result = { started: 'nothing' };
  } else if (dockerEngineAvailable()) {
    say('No broker answers; a Docker engine is available: docker compose up -d kafka postgres');
    dockerCompose(composeFile, ['up', '-d', 'kafka', 'postgres']);
    writeState(config, { ...readState(config), mode: 'docker', startedAt: new Date().toISOString() });
    result = { started: 'docker' };
  } else {
    const listener = localListener(config.kafka.brokers);
    const paths = localKafkaPaths(config.home);
    const stale = recordedPid(paths);
    if (stale !== undefined && isOurBroker(stale, paths)) {
      say(`A broker we started earlier (pid ${stale}) is still starting up; waiting for it.`);
      result = { started: 'java', pid: stale };
    } else {
      ensureKafkaJars(paths, pom, say);
      say(
        `No broker answers and no Docker engine: starting Apache Kafka in KRaft mode on ${listener.host}:${listener.port} ...`,
      );
      const pid = startBroker(paths, listener);
      writeState(config, { ...readState(config), mode: 'java', pid, startedAt: new Date().toISOString() });
      result = { started: 'java', pid };
    }
    await waitForBroker(config, paths.serverLog, result.pid, waitSeconds);
    say(`Kafka is up (pid ${result.pid}); data in ${paths.data}, log in ${paths.serverLog}.`);
    say('Stop it with: npm run stack:down');
  }
  if (result.started === 'docker') await waitForBroker(config, undefined, undefined, waitSeconds);
  return result;
}

async function postgresUp(
  config: PlatformConfig,
  say: Say,
  composeStartsIt: boolean,
): Promise<StackUpResult['postgres']> {
  const url = config.database.url;
  const pg = await probePostgres(serverUrl(url));
  let started: StackUpResult['postgres'] = 'existing';
  if (pg.up) {
    say(`PostgreSQL already answers at ${redactPassword(url)}; nothing to start.`);
  } else if (composeStartsIt) {
    say(postgresMissingAdvice(url, pg.detail));
    return 'missing';
  } else {
    say(`No PostgreSQL answers at ${redactPassword(url)} (${pg.detail}).`);
    const server = startEmbeddedPostgres(config.home, url, say);
    const state = readState(config);
    writeState(config, {
      ...state,
      startedAt: state?.startedAt ?? new Date().toISOString(),
      postgres: { pid: server.pid, data: server.paths.data, port: server.port },
    });
    say(
      `PostgreSQL is up (pid ${server.pid}, port ${server.port}, run as "${server.account}"); data in ${server.paths.data}, log in ${server.paths.log}.`,
    );
    say('Stop it with: npm run stack:down');
    started = 'embedded';
  }
  if (await ensureDatabase(url)) say(`Created the database named in DATABASE_URL.`);
  return started;
}

async function waitForBroker(
  config: PlatformConfig,
  log: string | undefined,
  pid: number | undefined,
  seconds: number,
): Promise<void> {
  const connection = { brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-stack` };
  const deadline = Date.now() + seconds * 1000;
  let last = '';
  while (Date.now() < deadline) {
    const probe = await probeKafka(connection, 2000);
    if (probe.up) return;
    last = probe.detail;
    if (pid !== undefined && !processAlive(pid)) {
      throw new LocalStackError(
        `The broker (pid ${pid}) exited during start-up. Last lines of ${log}:\n${log ? tailOfLog(log) : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new LocalStackError(
    `No broker answered at ${config.kafka.brokers.join(',')} within ${seconds}s (${last}).${log ? ` Last lines of ${log}:\n${tailOfLog(log)}` : ''}`,
  );
}

/** The same server's maintenance database: whether the server answers, before our database exists. */
function serverUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/postgres';
  return parsed.toString();
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops exactly what stackUp started, found by the pid it recorded; nothing else.
 * `only` narrows it (npm start stops only what it started itself).
 */
export async function stackDown(
  config: PlatformConfig,
  say: Say,
  only: { kafka: boolean; postgres: boolean } = { kafka: true, postgres: true },
): Promise<void> {
  const state = readState(config);
  if (state === undefined) {
    say('Nothing to stop: stack:up has not started anything here.');
    return;
  }
  let rest: StackState = state;
  if (only.postgres && state.postgres !== undefined) {
    const stopped = stopEmbeddedPostgres(config.home);
    say(
      stopped === undefined
        ? `The embedded PostgreSQL stack:up started (pid ${state.postgres.pid}) is no longer running.`
        : `Stopped the embedded PostgreSQL (pid ${stopped}); its data stays in ${state.postgres.data}.`,
    );
    rest = { ...state, postgres: undefined };
  }
  if (!only.kafka || rest.mode === undefined) {
    if (state.postgres === undefined) say('Nothing to stop: stack:up has not started anything here.');
    if (rest.mode === undefined && rest.postgres === undefined) rmSync(statePath(config), { force: true });
    else writeState(config, rest);
    return;
  }
  if (state.mode === 'docker') {
    dockerCompose(composeFile, ['stop', 'kafka', 'postgres']);
    if (rest.postgres === undefined) rmSync(statePath(config), { force: true });
    else writeState(config, { ...rest, mode: undefined });
    say('Stopped the Docker Compose kafka and postgres services.');
    return;
  }
  const paths = localKafkaPaths(config.home);
  const pid = state.pid ?? recordedPid(paths);
  if (pid === undefined || !isOurBroker(pid, paths)) {
    say(`The broker stack:up started (pid ${pid ?? 'unknown'}) is no longer running.`);
  } else {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 30_000;
    while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (processAlive(pid)) {
      say(`The broker did not stop within 30 s of SIGTERM; sending SIGKILL to pid ${pid}.`);
      process.kill(pid, 'SIGKILL');
    }
    say(`Stopped the local Kafka broker (pid ${pid}).`);
  }
  rmSync(paths.pidFile, { force: true });
  if (rest.postgres === undefined) rmSync(statePath(config), { force: true });
  else writeState(config, { ...rest, mode: undefined, pid: undefined });
}

export async function stackStatus(config: PlatformConfig, say: Say): Promise<boolean> {
  const kafka = await probeKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-stack` }, 2000);
  const pg = await probePostgres(config.database.url);
  const state = readState(config);
  say(`kafka       ${kafka.up ? 'up  ' : 'down'}  ${config.kafka.brokers.join(',')}  ${kafka.detail}`);
  say(`postgresql  ${pg.up ? 'up  ' : 'down'}  ${pg.detail}`);
  const started = [
    state?.mode ? `kafka ${state.mode}${state.pid ? ` pid ${state.pid}` : ''}` : '',
    state?.postgres
      ? `embedded postgresql pid ${runningEmbeddedPostgres(embeddedPostgresPaths(config.home)) ?? `${state.postgres.pid} (not running)`} in ${state.postgres.data}`
      : '',
  ].filter((s) => s !== '');
  say(
    `started by stack:up: ${state && started.length > 0 ? `${started.join(', ')} at ${state.startedAt}` : 'nothing'}`,
  );
  return kafka.up && pg.up;
}
