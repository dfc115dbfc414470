import type { DataSource } from '@hindsight/store';
import type { Logger } from 'pino';
import type { PlatformConfig } from '@hindsight/config';
import { createKafka, ensureTopics } from '@hindsight/kafka';
import { createDataSource, ensureDatabase, redactPassword, runMigrations } from '@hindsight/store';
import { platformTopicSpecs } from './platform-topics';

/**
 * What every service does before it serves: the database exists, migrations are
 * applied, the topics exist with explicit settings. Safe to run from several
 * processes at once. Returns the initialised DataSource.
 */
export async function preparePlatform(config: PlatformConfig, logger: Logger, service: string): Promise<DataSource> {
  if (await ensureDatabase(config.database.url))
    logger.info({ database: redactPassword(config.database.url) }, 'created database');
  const dataSource = createDataSource(config.database, { applicationName: `hindsight-${service}` });
  await dataSource.initialize();
  try {
    const { applied } = await runMigrations(dataSource, config.database.schema);
    if (applied.length > 0) logger.info({ applied, schema: config.database.schema }, 'applied migrations');
    const created = await ensureTopicsTolerantOfRaces(config);
    if (created.length > 0) logger.info({ topics: created }, 'created topics');
    return dataSource;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

async function ensureTopicsTolerantOfRaces(config: PlatformConfig): Promise<string[]> {
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-setup` });
  try {
    return await ensureTopics(kafka, platformTopicSpecs(config));
  } catch (error) {
    // Services start together; when another one created the topic first, looking again finds it.
    if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
    return ensureTopics(kafka, platformTopicSpecs(config));
  }
}

/** Retries `prepare` until it succeeds, logging why it waits; dependencies may start after us. */
export async function untilPrepared<T>(
  prepare: () => Promise<T>,
  logger: Logger,
  attempts = 60,
  delayMs = 2000,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await prepare();
    } catch (error) {
      if (attempt >= attempts) throw error;
      logger.warn(
        { attempt, err: error instanceof Error ? error.message : String(error) },
        'dependencies not ready; retrying start-up',
      );
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}
