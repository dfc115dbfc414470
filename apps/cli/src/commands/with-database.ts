import type { DataSource } from 'typeorm';
import { loadPlatformConfig } from '@hindsight/config';
import { createDataSource, ensureDatabase, runMigrations } from '@hindsight/store';

/**
 * Opens the database for one command, creating it and applying pending
 * migrations first so a command works on a fresh machine without a separate step.
 */
export async function withDatabase<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const config = loadPlatformConfig();
  await ensureDatabase(config.database.url);
  const dataSource = createDataSource(config.database, { applicationName: 'hindsight-cli', poolSize: 4 });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource, config.database.schema);
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
