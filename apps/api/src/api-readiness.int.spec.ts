import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadPlatformConfig } from '@hindsight/config';
import { HealthModule, kafkaReadiness, postgresReadiness, startService, type RunningService } from '@hindsight/runtime';
import { freePort } from '@hindsight/test-support';
import { ApiModule } from './api.module';

describe('api health and readiness', () => {
  let running: RunningService;

  beforeAll(async () => {
    const port = await freePort();
    running = await startService(
      { service: 'api', rootModule: (context) => ApiModule.forContext(context) },
      { ...process.env, API_PORT: String(port) },
    );
  });
  afterAll(() => running.app.close());

  it('answers /health', async () => {
    const response = await fetch(`${running.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', service: 'api' });
  });

  it('answers /ready with 200 and names Kafka and PostgreSQL as up', async () => {
    const response = await fetch(`${running.url}/ready`);
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      status: 'ready',
      down: [],
      dependencies: { kafka: { up: true }, postgres: { up: true } },
    });
  });
});

describe('readiness when a dependency is down', () => {
  let app: NestFastifyApplication;

  afterEach(() => app?.close());

  it('answers 503 and names the dependency that does not answer', async () => {
    const config = loadPlatformConfig();
    @Module({
      imports: [
        HealthModule.forService('probe-test', [
          kafkaReadiness({ brokers: ['127.0.0.1:1'], clientId: 'dead' }, 1500),
          postgresReadiness(config.database.url),
        ]),
      ],
    })
    class ProbeTestModule {}
    app = await NestFactory.create<NestFastifyApplication>(ProbeTestModule, new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    const started = Date.now();
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      status: 'not-ready',
      down: ['kafka'],
      dependencies: { kafka: { up: false }, postgres: { up: true } },
    });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
