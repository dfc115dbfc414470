import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { probeKafka } from '@hindsight/kafka';
import { ensureKafkaJars, kafkaVersion, localKafkaPaths, tailOfLog } from '@hindsight/local-stack';
import { freePortPair } from './ports';
import { pollUntil, sleep } from './teardown';

const repoRoot = resolve(__dirname, '../../../..');

/**
 * Kafka's jars: FAULTS_KAFKA_JARS, else the ones `npm run stack:up` fetches into
 * HINDSIGHT_HOME (default `.hindsight` in the repository root), fetched from Maven
 * Central here when missing: `npm test` does not fetch them when a broker already
 * answers, and the suite must run on a machine where nobody ran `stack:up`.
 */
export function kafkaJars(): string {
  const given = process.env.FAULTS_KAFKA_JARS;
  if (given) {
    if (!existsSync(join(given, `kafka_2.13-${kafkaVersion}.jar`)))
      throw new Error(`FAULTS_KAFKA_JARS=${given} holds no kafka_2.13-${kafkaVersion}.jar`);
    return given;
  }
  const paths = localKafkaPaths(resolve(repoRoot, process.env.HINDSIGHT_HOME ?? '.hindsight'));
  ensureKafkaJars(paths, join(repoRoot, 'tools/kafka/pom.xml'), (line) => process.stdout.write(`${line}\n`));
  return paths.jars;
}

export interface KafkaNodeOptions {
  /** The port clients are told to use (a proxy's port for the slow-broker scenario); the node's own port when absent. */
  readonly advertisedPort?: number;
}

export class KafkaNode {
  private child: ChildProcess | undefined;
  advertisedPort: number;

  constructor(
    readonly nodeId: number,
    readonly port: number,
    readonly dir: string,
    private readonly jars: string,
    private readonly voters: () => string,
    private readonly clusterSize: number,
  ) {
    this.advertisedPort = port;
  }

  get controllerPort(): number {
    return this.port + 1;
  }

  get address(): string {
    return `127.0.0.1:${this.advertisedPort}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  private get propertiesFile(): string {
    return join(this.dir, 'server.properties');
  }

  private properties(): string {
    const rf = Math.min(3, this.clusterSize);
    return [
      'process.roles=broker,controller',
      `node.id=${this.nodeId}`,
      `controller.quorum.voters=${this.voters()}`,
      `listeners=PLAINTEXT://127.0.0.1:${this.port},CONTROLLER://127.0.0.1:${this.controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${this.advertisedPort}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      `log.dirs=${join(this.dir, 'data')}`,
      'auto.create.topics.enable=false',
      'num.partitions=1',
      `offsets.topic.replication.factor=${rf}`,
      'offsets.topic.num.partitions=10',
      `transaction.state.log.replication.factor=${rf}`,
      `transaction.state.log.min.isr=${Math.min(2, rf)}`,
      'group.initial.rebalance.delay.ms=0',
      'delete.topic.enable=true',
      'log.retention.hours=-1',
      '',
    ].join('\n');
  }

  private java(mainClass: string, args: string[]): string[] {
    // C1 only: a broker that starts in seconds matters more here than its peak throughput.
    return [
      '-Xms128m',
      '-Xmx512m',
      '-XX:+UseG1GC',
      '-XX:TieredStopAtLevel=1',
      '-Djava.awt.headless=true',
      `-Dlog4j.configuration=file:${join(this.dir, 'log4j.properties')}`,
      `-Dkafka.logs.dir=${join(this.dir, 'logs')}`,
      '-cp',
      `${this.jars}/*`,
      mainClass,
      ...args,
    ];
  }

  format(clusterId: string): void {
    mkdirSync(join(this.dir, 'logs'), { recursive: true });
    writeFileSync(this.propertiesFile, this.properties());
    writeFileSync(
      join(this.dir, 'log4j.properties'),
      [
        'log4j.rootLogger=WARN, stdout',
        'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
        'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
        'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
        'log4j.logger.kafka.server.KafkaServer=INFO',
        '',
      ].join('\n'),
    );
    const result = spawnSync(
      'java',
      this.java('kafka.tools.StorageTool', [
        'format',
        `--cluster-id=${clusterId}`,
        '-c',
        this.propertiesFile,
        '--ignore-formatted',
      ]),
      { encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`kafka-storage format failed:\n${result.stdout}${result.stderr}`);
  }

  /** Starts the node on its data folder (a restart after a kill recovers from the same log). */
  start(): void {
    if (this.running) return;
    writeFileSync(this.propertiesFile, this.properties());
    const out = openSync(join(this.dir, 'logs', 'server.out'), 'a');
    this.child = spawn('java', this.java('kafka.Kafka', [this.propertiesFile]), { stdio: ['ignore', out, out] });
    closeSync(out);
  }

  /** `kill -9`: no shutdown, no flush; waits until the process is gone. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const gone = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGKILL');
    await gone;
  }

  /** SIGTERM (a clean shutdown), SIGKILL after 20 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const gone = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await gone;
    clearTimeout(timer);
  }

  logTail(lines = 30): string {
    return tailOfLog(join(this.dir, 'logs', 'server.out'), lines);
  }
}

/**
 * A KRaft cluster of the suite's own on free ports (each node broker and controller),
 * with its data in `dir`, so that killing and restarting it disturbs nothing else.
 */
export class KafkaCluster {
  private constructor(readonly nodes: readonly KafkaNode[]) {}

  static async create(dir: string, size: number, options: KafkaNodeOptions = {}): Promise<KafkaCluster> {
    const jars = kafkaJars();
    const ports: number[] = [];
    while (ports.length < size) {
      const port = await freePortPair();
      if (!ports.some((p) => Math.abs(p - port) <= 1)) ports.push(port);
    }
    const nodes: KafkaNode[] = [];
    const voters = () => nodes.map((n) => `${n.nodeId}@127.0.0.1:${n.controllerPort}`).join(',');
    ports.forEach((port, i) => nodes.push(new KafkaNode(i + 1, port, join(dir, `kafka-${i + 1}`), jars, voters, size)));
    if (options.advertisedPort !== undefined) {
      if (size !== 1) throw new Error('an advertised proxy port is for a one-node cluster');
      nodes[0].advertisedPort = options.advertisedPort;
    }
    let clusterId = randomBytes(16).toString('base64url');
    while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');
    for (const node of nodes) node.format(clusterId);
    return new KafkaCluster(nodes);
  }

  get brokers(): string {
    return this.nodes.map((n) => n.address).join(',');
  }

  /** Starts every node and waits until all of them are registered. */
  async start(timeoutMs = 120_000): Promise<void> {
    for (const node of this.nodes) node.start();
    await this.waitForBrokers(this.nodes.length, timeoutMs);
  }

  /** Waits until `count` brokers answer in the cluster's metadata. */
  async waitForBrokers(count: number, timeoutMs = 120_000): Promise<void> {
    const running = this.nodes.filter((n) => n.running);
    const { ok, value } = await pollUntil(
      () => probeKafka({ brokers: running.map((n) => n.address), clientId: 'faults-probe' }, 2000),
      (probe) => probe.up && Number(/^(\d+) broker/.exec(probe.detail)?.[1] ?? 0) >= count,
      timeoutMs,
    );
    if (!ok)
      throw new Error(
        `the private Kafka cluster did not show ${count} broker(s) within ${timeoutMs / 1000}s (${value.detail}):\n${this.nodes.map((n) => n.logTail(15)).join('\n')}`,
      );
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.kill9()));
    await sleep(100);
  }
}
