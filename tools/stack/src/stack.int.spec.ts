import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadPlatformConfig } from '@hindsight/config';
import { HealthModule, kafkaReadiness } from '@hindsight/runtime';
import { freePort } from '@hindsight/test-support';
import { localKafkaPaths } from './local-kafka';
import { stackDown, stackUp } from './stack';

/** Pids of running JVMs whose command line names this home's server.properties. */
function brokersOf(properties: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmd.includes('kafka.Kafka') && cmd.includes(properties);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until(predicate: () => Promise<boolean>, seconds: number): Promise<number> {
  const started = Date.now();
  while (!(await predicate())) {
    if (Date.now() - started > seconds * 1000) throw new Error(`condition not met within ${seconds}s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return Date.now() - started;
}

/**
 * A second, private broker on a free port with its own HINDSIGHT_HOME, so the
 * broker the rest of the suite uses is never touched.
 */
describe('stack:up / stack:down with Apache Kafka in KRaft mode', () => {
  const shared = loadPlatformConfig();
  const home = mkdtempSync(join(tmpdir(), 'hindsight-stack-'));
  const lines: string[] = [];
  const say = (line: string) => lines.push(line);
  let app: NestFastifyApplication | undefined;

  afterAll(async () => {
    await app?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('starts one broker, is a no-op the second time, drives /ready to 503 and back, and stops exactly its pid', async () => {
    const port = await freePort();
    const config = loadPlatformConfig({ ...process.env, KAFKA_BROKERS: `127.0.0.1:${port}`, HINDSIGHT_HOME: home });
    // Reuse the jars the shared stack already fetched instead of downloading them again.
    const sharedJars = localKafkaPaths(shared.home).jars;
    mkdirSync(localKafkaPaths(home).root, { recursive: true });
    // (When the suite's broker was started from another checkout there are none here: stack:up fetches them.)
    if (existsSync(sharedJars)) symlinkSync(sharedJars, localKafkaPaths(home).jars);
    const properties = localKafkaPaths(home).properties;

    const first = await stackUp(config, say);
    expect(first.started).toBe('java');
    expect(brokersOf(properties)).toEqual([first.pid]);

    const second = await stackUp(config, say);
    expect(second.started).toBe('nothing');
    expect(brokersOf(properties)).toEqual([first.pid]);

    @Module({
      imports: [
        HealthModule.forService('stack-test', [
          kafkaReadiness({ brokers: config.kafka.brokers, clientId: 'stack-test' }, 1500),
        ]),
      ],
    })
    class StackTestModule {}
    app = await NestFactory.create<NestFastifyApplication>(StackTestModule, new FastifyAdapter(), { logger: false });
    await app.init();
    const readyStatus = async () => (await app!.inject({ method: 'GET', url: '/ready' })).statusCode;
    expect(await readyStatus()).toBe(200);

    await stackDown(config, say);
    expect(brokersOf(properties)).toEqual([]);
    const downAfterMs = await until(async () => (await readyStatus()) === 503, 10);
    expect(downAfterMs).toBeLessThan(10_000);
    expect((await app.inject({ method: 'GET', url: '/ready' })).json()).toMatchObject({ down: ['kafka'] });

    const again = await stackUp(config, say);
    expect(again.started).toBe('java');
    await until(async () => (await readyStatus()) === 200, 30);

    await stackDown(config, say);
    expect(brokersOf(properties)).toEqual([]);
    expect(lines.join('\n')).toContain('Stop it with: npm run stack:down');
  }, 180_000);

  it('refuses to start a local broker for a remote address that does not answer', async () => {
    const config = loadPlatformConfig({ ...process.env, KAFKA_BROKERS: 'kafka.invalid:9092', HINDSIGHT_HOME: home });
    await expect(stackUp(config, say)).rejects.toThrow(/only started for a loopback address/);
  }, 30_000);
});
