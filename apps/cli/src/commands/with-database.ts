import type { DataSource } from '@hindsight/store';
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
    // The work's own error, if any, is the one to report.
    await dataSource
      .destroy()
      .catch((error: unknown) =>
        process.stderr.write(
          `hindsight: closing the database connections failed: ${error instanceof Error ? error.message : String(error)}\n`,
        ),
      );
  }
}
