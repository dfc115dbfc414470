import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { ApiKeys, type IssuedKey } from '@hindsight/access';
import { loadPlatformConfig, type PlatformConfig } from '@hindsight/config';
import { formatUuidV7, recordMessage } from '@hindsight/contracts';
import { createEventPublisher } from '@hindsight/kafka';
import { spawnService, stopProcess, waitReady, type PlatformService } from '@hindsight/local-stack';
import { createLogger, preparePlatform, SystemClock, untilPrepared } from '@hindsight/runtime';
import { generateKeyEncryptionKey, newKeyRingFile, writeKeyRingFile } from '@hindsight/shredding';
import { ApiKeyRepository, createDataSource } from '@hindsight/store';
import { freePort } from './ports';

/** One service process of the platform under test, with its log file in the scenario's folder. */
export interface ServiceHandle {
  readonly service: PlatformService;
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGKILL, no shutdown; resolves when the process is gone. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export interface PlatformOptions {
  readonly workDir: string;
  readonly brokers: string;
  readonly databaseUrl: string;
  /** Extra variables for every service (ack timeout, replication factor, …). */
  readonly env?: Record<string, string>;
}

/**
 * The platform under test: its own topic prefix, schema, key-encryption key file and
 * datasets folder, pointed at the scenario's broker and PostgreSQL, prepared as
 * `npm start` prepares one (migrations and topics). Services run as child processes.
 */
export class FaultPlatform {
  readonly runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  readonly env: Record<string, string>;
  readonly config: PlatformConfig;
  private readonly services: ServiceHandle[] = [];

  constructor(private readonly options: PlatformOptions) {
    const dir = join(options.workDir, 'platform');
    mkdirSync(dir, { recursive: true });
    this.env = {
      KAFKA_BROKERS: options.brokers,
      DATABASE_URL: options.databaseUrl,
      KAFKA_TOPIC_PREFIX: `faults-${this.runId}.`,
      DATABASE_SCHEMA: `faults_${this.runId}`,
      PROJECTOR_GROUP_ID: `faults-${this.runId}-projector`,
      ROUTER_GROUP_ID: `faults-${this.runId}-router`,
      WEBHOOK_GROUP_ID: `faults-${this.runId}-webhooks`,
      HINDSIGHT_KEK_FILE: join(dir, 'kek.json'),
      DATASETS_DIR: join(dir, 'datasets'),
      ARTIFACTS_DIR: join(dir, 'artifacts'),
      HINDSIGHT_HOME: join(dir, 'home'),
      KAFKA_PARTITIONS: '3',
      DATABASE_POOL_SIZE: '8',
      LOG_LEVEL: 'warn',
      ...options.env,
    };
    this.config = loadPlatformConfig(this.env);
  }

  get schema(): string {
    return this.config.database.schema;
  }

  /** KEK file, database, migrations and topics. */
  async prepare(): Promise<void> {
    writeKeyRingFile(this.env.HINDSIGHT_KEK_FILE, newKeyRingFile(generateKeyEncryptionKey(), new Date()));
    // A new multi-broker cluster may not know a topic it just created yet: retry as the services do.
    const logger = createLogger('faults', 'error');
    const ds = await untilPrepared(() => preparePlatform(this.config, logger, 'faults'), logger, 15, 2000);
    await ds.destroy();
  }

  /** Starts a service with the platform's environment (plus `env`) and waits until `/ready` answers 200. */
  async spawn(
    service: PlatformService,
    env: Record<string, string> = {},
    label: string = service,
  ): Promise<ServiceHandle> {
    const port = await freePort();
    const portVariable = {
      api: 'API_PORT',
      projector: 'PROJECTOR_PORT',
      scheduler: 'SCHEDULER_PORT',
      trainer: 'TRAINER_PORT',
    }[service];
    const logs = join(this.options.workDir, 'logs');
    mkdirSync(logs, { recursive: true });
    const out = openSync(join(logs, `${label}.log`), 'a');
    const child = spawnService(
      service,
      { ...process.env, ...this.env, ...env, [portVariable]: String(port), SWC_NODE_PROJECT: 'tsconfig.json' },
      ['ignore', out, out],
    );
    closeSync(out);
    const url = `http://127.0.0.1:${port}`;
    const handle: ServiceHandle = {
      service,
      url,
      child,
      kill9: () =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGKILL');
        }),
      stop: () => stopProcess(child, 10_000),
    };
    this.services.push(handle);
    await waitReady(service, `${url}/ready`, child, 180);
    return handle;
  }

  /** A key for a tenant, made as `hindsight keys create` makes it (api-key.created on Kafka, then the row). */
  async issueKey(tenant: string, scopes: readonly string[] = ['ingest', 'read']): Promise<IssuedKey> {
    const ds = createDataSource(this.config.database, { applicationName: 'faults-keys', poolSize: 2 });
    await ds.initialize();
    const publisher = createEventPublisher(this.config.kafka, 'faults-keys');
    try {
      const keys = new ApiKeys(new ApiKeyRepository(ds), {
        publish: (event) => publisher.publish([recordMessage(event, this.config.kafka.topicPrefix)]),
        clock: new SystemClock(),
        newEventId: () => formatUuidV7(Date.now(), randomBytes(10)),
      });
      return await keys.issue({ tenant, scopes: [...scopes], allowedOrigins: [], rateLimitPerMinute: 1_000_000 });
    } finally {
      await publisher.close().catch(() => undefined);
      await ds.destroy().catch(() => undefined);
    }
  }

  /** A client on the platform's database with the platform's schema first on the search path. */
  async sql(schema = this.schema): Promise<Client> {
    const client = new Client({ connectionString: this.config.database.url, application_name: 'faults-accounting' });
    await client.connect();
    await client.query(`SET search_path TO "${schema}"`);
    return client;
  }

  /** Kills every service it started (the scenario's data is thrown away; a graceful stop would only cost time). */
  async stopAll(): Promise<void> {
    await Promise.all(this.services.map((s) => s.kill9()));
  }
}
