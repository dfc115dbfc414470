import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync, createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataSource } from '@hindsight/store';
import { ApiKeys, publishingKeyWriter } from '@hindsight/access';
import { loadPlatformConfig, type PlatformConfig } from '@hindsight/config';
import { EventPublisher, createKafka } from '@hindsight/kafka';
import {
  localKafkaPaths,
  stackDown,
  stackUp,
  startPrivatePostgres,
  waitReady,
  type PlatformService,
  type PrivatePostgres,
} from '@hindsight/local-stack';
import { createLogger, preparePlatform } from '@hindsight/runtime';
import { ApiKeyRepository } from '@hindsight/store';
import { kafkaJars } from './kafka-cluster';
import { freePort, freePortPair } from './ports';
import { Teardown } from './teardown';
import { generateKeyEncryptionKey, newKeyRingFile, writeKeyRingFile } from '@hindsight/shredding';

const repoRoot = resolve(__dirname, '../../../..');

/** One service process of the platform, started by the scenario (never anything else's). */
export interface ProcService {
  readonly service: PlatformService;
  readonly label: string;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly url: string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** kill -9. */
  kill(): Promise<void>;
  /** SIGTERM, SIGKILL after 15 s. */
  stop(): Promise<void>;
}

/**
 * A platform of the scenario's own: a Kafka broker on free ports (KRaft, its data
 * in the scenario's folder) and a PostgreSQL cluster made with initdb, prepared
 * as `npm start` prepares one (migrations, topics, a key-encryption key file).
 * Service processes are started from `apps/<service>/src/main.ts` against it.
 */
export interface ProcPlatform {
  readonly config: PlatformConfig;
  /** The environment every service of this platform runs with. */
  readonly env: Readonly<Record<string, string>>;
  /** A connection of the scenario's own to the platform's database (for accounting). */
  readonly dataSource: DataSource;
  readonly brokers: string;
  /** An API key of a tenant, made as the CLI makes it (api-key.created on Kafka, then the row). */
  issueKey(tenant: string, scopes: readonly ('ingest' | 'read' | 'admin' | 'feedback')[]): Promise<string>;
  /** Starts a service process and (unless `waitReady` is false) waits until its /ready answers 200. Its output goes to `logs/<label>.log`. */
  start(
    service: PlatformService,
    label: string,
    extraEnv?: Readonly<Record<string, string>>,
    options?: { readonly waitReady?: boolean },
  ): Promise<ProcService>;
  /** The log file of a process started with this label. */
  logOf(label: string): string;
  /** Stops every process started here, the broker and the cluster. */
  close(): Promise<void>;
}

const PORT_VARIABLE: Record<PlatformService, string> = {
  api: 'API_PORT',
  projector: 'PROJECTOR_PORT',
  scheduler: 'SCHEDULER_PORT',
  trainer: 'TRAINER_PORT',
};

export async function startProcPlatform(
  workDir: string,
  say: (line: string) => void,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<ProcPlatform> {
  mkdirSync(workDir, { recursive: true });
  const home = join(workDir, 'home');
  const brokers = `127.0.0.1:${await freePortPair()}`;
  const kekFile = join(workDir, 'kek.json');
  writeKeyRingFile(kekFile, newKeyRingFile(generateKeyEncryptionKey(), new Date()));
  let postgres: PrivatePostgres | undefined;
  const processes: ProcService[] = [];
  let brokerConfig: PlatformConfig | undefined;
  let dataSource: DataSource | undefined;
  let publisher: EventPublisher | undefined;
  const teardown = new Teardown();
  const closeAll = async () => {
    await Promise.all(processes.map((p) => p.kill()));
    await publisher?.close().catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
    if (brokerConfig) await stackDown(brokerConfig, () => undefined).catch(() => undefined);
    postgres?.destroy();
  };
  // Registered with the runner's teardowns: SIGINT/SIGTERM of `npm run faults` stops these processes too.
  teardown.add('private platform (services, broker, PostgreSQL)', closeAll);
  const close = () => teardown.run(say);
  try {
    postgres = startPrivatePostgres(await freePort());
    const env: Record<string, string> = {
      KAFKA_BROKERS: brokers,
      HINDSIGHT_HOME: home,
      DATABASE_URL: postgres.url,
      DATABASE_SCHEMA: 'public',
      DATABASE_POOL_SIZE: '8',
      KAFKA_TOPIC_PREFIX: 'faults.',
      KAFKA_PARTITIONS: '3',
      HINDSIGHT_KEK_FILE: kekFile,
      HINDSIGHT_KEK: '',
      DATASETS_DIR: join(workDir, 'datasets'),
      ARTIFACTS_DIR: join(workDir, 'artifacts'),
      LOG_LEVEL: 'info',
      ...extraEnv,
    };
    const config = loadPlatformConfig({ ...process.env, ...env });
    // The broker's jars are the shared ones (linked, never changed); its data and logs are this scenario's.
    const paths = localKafkaPaths(home);
    mkdirSync(paths.root, { recursive: true });
    symlinkSync(kafkaJars(), paths.jars);
    say(`starting a private broker at ${brokers} and a private PostgreSQL cluster (${postgres.url})`);
    brokerConfig = config;
    await stackUp(config, () => undefined);
    dataSource = await preparePlatform(config, createLogger('faults', 'warn'), 'faults');
    publisher = new EventPublisher(createKafka({ brokers: [brokers], clientId: 'faults-keys' }), {
      lingerMs: 1,
      maxBatchMessages: 10,
      ackTimeoutMs: 10_000,
    });
    const keys = new ApiKeys(
      new ApiKeyRepository(dataSource),
      publishingKeyWriter(publisher, config.kafka.topicPrefix),
    );
    const logDir = join(workDir, 'logs');
    mkdirSync(logDir, { recursive: true });
    const platform: ProcPlatform = {
      config,
      env,
      dataSource,
      brokers,
      issueKey: async (tenant, scopes) => (await keys.issue({ tenant, scopes: [...scopes] })).key,
      start: async (service, label, more = {}, options = {}) => {
        const port = await freePort();
        const log = createWriteStream(join(logDir, `${label}.log`), { flags: 'a' });
        const child = spawn(
          process.execPath,
          ['-r', '@swc-node/register', join(repoRoot, 'apps', service, 'src', 'main.ts')],
          {
            cwd: repoRoot,
            env: {
              ...process.env,
              SWC_NODE_PROJECT: join(repoRoot, 'tsconfig.json'),
              ...env,
              [PORT_VARIABLE[service]]: String(port),
              ...more,
            },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        child.stdout?.pipe(log);
        child.stderr?.pipe(log);
        const exited = new Promise<void>((done) => child.once('exit', () => done()));
        const url = `http://127.0.0.1:${port}`;
        const handle: ProcService = {
          service,
          label,
          child,
          pid: child.pid ?? -1,
          url,
          exited,
          kill: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
            await exited;
          },
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) {
              child.kill('SIGTERM');
              const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
              await exited;
              clearTimeout(timer);
            }
          },
        };
        processes.push(handle);
        if (options.waitReady !== false) await waitReady(service, `${url}/ready`, child, 180);
        return handle;
      },
      logOf: (label) => join(logDir, `${label}.log`),
      close,
    };
    return platform;
  } catch (error) {
    await close();
    throw error;
  }
}

/** Writes a JSON file (results of a scenario or the soak). */
export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
