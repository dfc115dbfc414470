import { DataSource } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';
import { quoteIdentifier } from './database-setup';

export interface DatabaseConnection {
  readonly url: string;
  readonly schema: string;
  readonly poolSize?: number;
}

/**
 * The one TypeORM DataSource of a process. `synchronize` is never on: the schema
 * is what the reviewed migrations say. The search_path makes the migrations' plain
 * SQL land in the configured schema, so a test run can have a schema of its own.
 */
export function createDataSource(
  connection: DatabaseConnection,
  options: { poolSize?: number; applicationName?: string } = {},
): DataSource {
  return new DataSource({
    type: 'postgres',
    url: connection.url,
    schema: connection.schema,
    entities,
    migrations,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: options.applicationName ?? 'hindsight',
    extra: {
      max: options.poolSize ?? connection.poolSize ?? 10,
      options: `-c search_path=${connection.schema}`,
      connectionTimeoutMillis: 5000,
    },
  });
}

export interface MigrationReport {
  readonly applied: readonly string[];
}

const migrationLockKey = 'hindsight-migrations';

/**
 * Creates the schema if needed and applies pending migrations, each in its own
 * transaction. Every service migrates at start-up, so several may race: a
 * session advisory lock lets one migrate while the others wait and then find nothing to do.
 */
export async function runMigrations(dataSource: DataSource, schema: string): Promise<MigrationReport> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`${migrationLockKey}:${schema}`]);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return { applied: applied.map((m) => m.name) };
  } finally {
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [`${migrationLockKey}:${schema}`]);
    await lock.release();
  }
}

/** The store's connection handle (TypeORM's DataSource), re-exported so that nothing outside libs/store imports typeorm (a lint rule). */
export { DataSource };
