import { loadPlatformConfig } from '@hindsight/config';
import { createDataSource, ensureDatabase, redactPassword, runMigrations } from '@hindsight/store';
import type { CommandRegistrar } from './command-registrar';

export const registerDbCommands: CommandRegistrar = (program) => {
  const db = program.command('db').description('PostgreSQL schema management');
  db.command('migrate')
    .description('create the database if missing and apply pending migrations')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadPlatformConfig();
      const created = await ensureDatabase(config.database.url);
      const dataSource = createDataSource(config.database, { applicationName: 'hindsight-cli' });
      await dataSource.initialize();
      try {
        const { applied } = await runMigrations(dataSource, config.database.schema);
        const result = {
          database: redactPassword(config.database.url),
          schema: config.database.schema,
          createdDatabase: created,
          applied,
        };
        if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
        else {
          if (created) process.stdout.write(`created database ${result.database}\n`);
          process.stdout.write(
            applied.length === 0
              ? `schema ${result.schema} is up to date\n`
              : `applied ${applied.length} migration(s) to schema ${result.schema}:\n${applied.map((m) => `  ${m}`).join('\n')}\n`,
          );
        }
      } finally {
        await dataSource.destroy();
      }
    });
};
