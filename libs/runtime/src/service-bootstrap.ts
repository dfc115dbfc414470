import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DynamicModule, Type } from '@nestjs/common';
import type { DataSource } from '@hindsight/store';
import type { DestinationStream } from 'pino';
import { loadPlatformConfig, type PlatformConfig } from '@hindsight/config';
import { drainConnectionsOnClose } from './connection-drain';
import { createLogger, PinoNestLogger, type Logger } from './logger';
import { preparePlatform, untilPrepared } from './platform-setup';
import { CoreModule } from './core.module';
import { HealthModule } from './health/health.module';
import { kafkaReadiness, postgresReadiness } from './health/dependency-checks';
import type { ReadinessCheck } from './health/readiness-check';
import { ServiceMetrics } from './metrics/service-metrics';

export type ServiceName = 'api' | 'projector' | 'scheduler' | 'trainer';

export interface ServiceContext {
  readonly config: PlatformConfig;
  readonly logger: Logger;
  readonly dataSource: DataSource;
  /** This service's Prometheus registry, served at GET /metrics. */
  readonly metrics: ServiceMetrics;
}

export interface StartOptions {
  /** Where the log lines go instead of stdout (tests read them). */
  readonly logDestination?: DestinationStream;
}

export interface ServiceDefinition {
  readonly service: ServiceName;
  readonly rootModule: (context: ServiceContext) => DynamicModule | Type<unknown>;
  /** Fastify options such as bodyLimit, from the validated configuration; the api needs some, workers none. */
  readonly fastify?: (config: PlatformConfig) => ConstructorParameters<typeof FastifyAdapter>[0];
  readonly configure?: (app: NestFastifyApplication, context: ServiceContext) => Promise<void> | void;
  /**
   * Checks that must pass before any module starts (the key-encryption key
   * against the stored subject keys): a failure stops the start with nothing
   * connected but the database, which is closed again.
   */
  readonly verify?: (context: ServiceContext) => Promise<void>;
}

export interface RunningService {
  readonly app: NestFastifyApplication;
  readonly url: string;
  readonly context: ServiceContext;
}

/**
 * The one way a Hindsight service starts: validated configuration, structured logs,
 * database and topics prepared, HTTP on its port with /health, /ready and /metrics, and
 * graceful shutdown on SIGTERM/SIGINT (the answers being written are finished, idle connections do not hold it up).
 */
export async function startService(
  definition: ServiceDefinition,
  env: NodeJS.ProcessEnv = process.env,
  options: StartOptions = {},
): Promise<RunningService> {
  const config = loadPlatformConfig(env);
  const logger = createLogger(definition.service, config.logLevel, {
    format: config.logFormat,
    destination: options.logDestination,
  });
  const dataSource = await untilPrepared(() => preparePlatform(config, logger, definition.service), logger);
  const context: ServiceContext = { config, logger, dataSource, metrics: new ServiceMetrics(definition.service) };
  try {
    await definition.verify?.(context);
  } catch (error) {
    await dataSource
      .destroy()
      .catch((closeError: unknown) =>
        logger.warn({ err: closeError }, 'closing the database after a failed start failed'),
      );
    throw error;
  }
  const app = await NestFactory.create<NestFastifyApplication>(
    definition.rootModule(context),
    new FastifyAdapter({ ...definition.fastify?.(config) }),
    // An error while the modules start (a missing key-encryption key) reaches runService, which says it on stderr and exits 1.
    { logger: new PinoNestLogger(logger), bufferLogs: false, abortOnError: false },
  );
  app.enableShutdownHooks();
  drainConnectionsOnClose(app.getHttpAdapter().getInstance(), config.httpDrainTimeoutMs, (connections) =>
    logger.warn(
      { connections, timeoutMs: config.httpDrainTimeoutMs },
      'closed connections still answering or receiving a request when HTTP_DRAIN_TIMEOUT_MS ran out',
    ),
  );
  await definition.configure?.(app, context);
  serveMetrics(app, context.metrics);
  const port = config.ports[definition.service];
  await app.listen(port, config.httpHost);
  const url = `http://${config.httpHost}:${port}`;
  logger.info(
    { url, health: `${url}/health`, ready: `${url}/ready`, metrics: `${url}/metrics` },
    `${definition.service} listening`,
  );
  return { app, url, context };
}

/** GET /metrics: the service's Prometheus text exposition (a plain Fastify route, outside Nest's guards and filters). */
function serveMetrics(app: NestFastifyApplication, metrics: ServiceMetrics): void {
  app
    .getHttpAdapter()
    .getInstance()
    .get('/metrics', async (_request, reply) => {
      const text = await metrics.text();
      return reply.header('content-type', metrics.contentType).header('cache-control', 'no-store').send(text);
    });
}

/** For main.ts files: start, or print the reason and exit non-zero. */
export function runService(definition: ServiceDefinition): void {
  startService(definition).catch((error: unknown) => {
    process.stderr.write(
      `${definition.service} failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}

/** The modules every service imports: configuration, logger, database, /health and /ready. */
export function foundationModules(
  service: ServiceName,
  context: ServiceContext,
  moreChecks: readonly ReadinessCheck[] = [],
  // A service whose publisher knows the broker is down says so at once (the api).
  replace: { readonly kafka?: ReadinessCheck; readonly postgresOptional?: boolean } = {},
): DynamicModule[] {
  const { config, logger, dataSource, metrics } = context;
  return [
    CoreModule.forService(config, logger, dataSource, metrics),
    HealthModule.forService(service, [
      replace.kafka ??
        kafkaReadiness({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-${service}-ready` }),
      { ...postgresReadiness(config.database.url), optional: replace.postgresOptional === true },
      ...moreChecks,
    ]),
  ];
}
