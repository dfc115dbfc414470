import { loadPlatformConfig } from '@hindsight/config';
import { createDataSource, runMigrations, type DataSource } from '../data-source';

/**
 * A schema of the run's database of a spec's own (the run's schema + `_<suffix>`), with every migration applied,
 * for an int spec that writes tables no other spec may see. Registers the beforeAll that creates it and the
 * afterAll that drops it; the returned handle answers once the beforeAll has run. A spec that changes the tables
 * further (narrows a column) does so in a beforeAll of its own, registered after this call.
 *
 * @example
 * const dataSource = migratedSchemaFixture('pipelined'); // hindsight_<run>_pipelined
 */
export function migratedSchemaFixture(suffix: string): DataSource {
  const config = loadPlatformConfig();
  const schema = `${config.database.schema}_${suffix}`;
  const dataSource = createDataSource({ ...config.database, schema });

  beforeAll(async () => {
    await dataSource.initialize();
    await runMigrations(dataSource, schema);
  });
  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  return dataSource;
}
