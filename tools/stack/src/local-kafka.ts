import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The Apache Kafka release the local stack runs; the POM in tools/kafka pins the same one. */
export const kafkaVersion = '3.9.1';

export interface LocalKafkaPaths {
  readonly root: string;
  readonly jars: string;
  readonly data: string;
  readonly logs: string;
  readonly serverLog: string;
  readonly properties: string;
  readonly log4j: string;
  readonly pidFile: string;
}

export function localKafkaPaths(home: string): LocalKafkaPaths {
  const root = resolve(home, 'kafka');
  return {
    root,
    jars: join(root, `jars-${kafkaVersion}`),
    data: join(root, 'data'),
    logs: join(root, 'logs'),
    serverLog: join(root, 'logs', 'server.log'),
    properties: join(root, 'server.properties'),
    log4j: join(root, 'log4j.properties'),
    pidFile: join(root, 'broker.pid'),
  };
}

export class LocalStackError extends Error {}

function requireTool(command: string, args: string[], advice: string): void {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  if (result.error || result.status !== 0) throw new LocalStackError(`${command} is not available: ${advice}`);
}

/** Downloads Kafka's jars from Maven Central once into the git-ignored cache. */
export function ensureKafkaJars(paths: LocalKafkaPaths, pom: string, say: (line: string) => void): void {
  const marker = join(paths.jars, `kafka_2.13-${kafkaVersion}.jar`);
  if (existsSync(marker)) return;
  requireTool(
    'java',
    ['-version'],
    'install a Java 17+ runtime (apt-get install openjdk-17-jre-headless) or run Docker',
  );
  requireTool('mvn', ['-v'], 'install Apache Maven (apt-get install maven) or run Docker');
  say(`Fetching Apache Kafka ${kafkaVersion} jars from Maven Central into ${paths.jars} (one time) ...`);
  mkdirSync(paths.jars, { recursive: true });
  const result = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      pom,
      `-Dkafka.version=${kafkaVersion}`,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${paths.jars}`,
      '-DincludeScope=runtime',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
  if (result.status !== 0 || !existsSync(marker)) {
    rmSync(paths.jars, { recursive: true, force: true });
    throw new LocalStackError(
      `Maven could not fetch the Kafka jars:\n${(result.stdout ?? '') + (result.stderr ?? '')}`,
    );
  }
  say(`  ${readdirSync(paths.jars).length} jars ready.`);
}

export interface ListenerAddress {
  readonly host: string;
  readonly port: number;
}

/** One node, broker and controller together (KRaft combined mode), auto-creation off. */
export function serverProperties(paths: LocalKafkaPaths, listener: ListenerAddress): string {
  const controllerPort = listener.port + 1;
  return [
    '# Written by `npm run stack:up`; regenerated on every start.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${listener.host}:${controllerPort}`,
    `listeners=PLAINTEXT://${listener.host}:${listener.port},CONTROLLER://${listener.host}:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://${listener.host}:${listener.port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${paths.data}`,
    'auto.create.topics.enable=false',
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'delete.topic.enable=true',
    'log.retention.hours=-1',
    '',
  ].join('\n');
}

const log4jProperties = [
  'log4j.rootLogger=INFO, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.kafka=INFO',
  'log4j.logger.org.apache.kafka=INFO',
  'log4j.logger.state.change.logger=WARN',
  'log4j.logger.kafka.log.LogCleaner=WARN',
  '',
].join('\n');

function java(paths: LocalKafkaPaths, mainClass: string, args: string[]): string[] {
  return [
    '-Xms256m',
    '-Xmx768m',
    '-XX:+UseG1GC',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${paths.log4j}`,
    `-Dkafka.logs.dir=${paths.logs}`,
    '-cp',
    `${paths.jars}/*`,
    mainClass,
    ...args,
  ];
}

/**
 * A KRaft cluster id: 16 random bytes in base64url, like Kafka's `Uuid.randomUuid()`,
 * which also never starts with "-" (one id in 64 would, and the storage tool's
 * argument parser takes it for an option: "--cluster-id: expected one argument").
 */
export function kafkaClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Formats the storage once (a KRaft log needs a cluster id before the first start). */
export function formatStorageIfNeeded(paths: LocalKafkaPaths): void {
  if (existsSync(join(paths.data, 'meta.properties'))) return;
  mkdirSync(paths.data, { recursive: true });
  const result = spawnSync(
    'java',
    java(paths, 'kafka.tools.StorageTool', [
      'format',
      `--cluster-id=${kafkaClusterId()}`,
      '-c',
      paths.properties,
      '--ignore-formatted',
    ]),
    {
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new LocalStackError(`kafka-storage format failed:\n${result.stdout}${result.stderr}`);
}

/** Starts the broker in the background and records its pid; returns the pid. */
export function startBroker(paths: LocalKafkaPaths, listener: ListenerAddress): number {
  mkdirSync(paths.logs, { recursive: true });
  writeFileSync(paths.properties, serverProperties(paths, listener));
  writeFileSync(paths.log4j, log4jProperties);
  formatStorageIfNeeded(paths);
  const out = openSync(paths.serverLog, 'a');
  const child = spawn('java', java(paths, 'kafka.Kafka', [paths.properties]), {
    detached: true,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  if (child.pid === undefined) throw new LocalStackError('java did not start');
  child.unref();
  writeFileSync(paths.pidFile, `${child.pid}\n`);
  return child.pid;
}

export function recordedPid(paths: LocalKafkaPaths): number | undefined {
  if (!existsSync(paths.pidFile)) return undefined;
  const pid = Number(readFileSync(paths.pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** True when `pid` is alive and is our broker (guards against a recycled pid). */
export function isOurBroker(pid: number, paths: LocalKafkaPaths): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('kafka.Kafka') && cmdline.includes(paths.properties);
  } catch {
    return false;
  }
}

export function tailOfLog(path: string, lines = 40): string {
  if (!existsSync(path)) return '(no log written)';
  return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
