import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { loadPlatformConfig } from '@hindsight/config';
import { createDataSource, runMigrations } from './data-source';
import { ConsumerOffset } from './entities';
import { migrations } from './migrations';

describe('migrations and TypeORM against the real PostgreSQL', () => {
  const config = loadPlatformConfig();
  const schema = `${config.database.schema}_store`;

  afterAll(async () => {
    const client = new Client({ connectionString: config.database.url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('applies every migration into a fresh schema once, then writes and reads through TypeORM', async () => {
    const dataSource = createDataSource({ url: config.database.url, schema });
    await dataSource.initialize();
    try {
      const first = await runMigrations(dataSource, schema);
      expect(first.applied).toEqual(migrations.map((m) => m.name));
      const second = await runMigrations(dataSource, schema);
      expect(second.applied).toEqual([]);

      const tables = await dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`,
        [schema],
      );
      expect(tables.map((t: { table_name: string }) => t.table_name)).toContain('consumer_offsets');

      const group = `group-${randomUUID()}`;
      const repository = dataSource.getRepository(ConsumerOffset);
      await repository.insert({ consumerGroup: group, topic: 'hindsight.annotations', partition: 2, nextOffset: '42' });
      const read = await repository.findOneByOrFail({
        consumerGroup: group,
        topic: 'hindsight.annotations',
        partition: 2,
      });
      expect(read.nextOffset).toBe('42');
      await expect(
        repository.insert({ consumerGroup: group, topic: 'hindsight.annotations', partition: -1, nextOffset: '0' }),
      ).rejects.toThrow(/check constraint/);
    } finally {
      await dataSource.destroy();
    }
  });

  it('reverts every migration, newest first, down to an empty schema, and applies them all again', async () => {
    const other = `${schema}_down`;
    const dataSource = createDataSource({ url: config.database.url, schema: other });
    await dataSource.initialize();
    const tablesOf = async () =>
      (
        (await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [
          other,
        ])) as { table_name: string }[]
      )
        .map((t) => t.table_name)
        .filter((t) => t !== 'typeorm_migrations');
    try {
      await runMigrations(dataSource, other);
      // A month partition, as the projector creates them: the down migrations must cope with it.
      await dataSource.query(
        `CREATE TABLE events_2026_11 PARTITION OF events FOR VALUES FROM ('2026-11-01') TO ('2026-12-01')`,
      );
      for (let i = 0; i < migrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await tablesOf()).toEqual([]);
      expect((await runMigrations(dataSource, other)).applied).toEqual(migrations.map((m) => m.name));
      expect(await tablesOf()).toContain('events');
    } finally {
      await dataSource.query(`DROP SCHEMA IF EXISTS "${other}" CASCADE`);
      await dataSource.destroy();
    }
  });

  it('lets concurrent start-ups migrate without conflict', async () => {
    const other = `${schema}_race`;
    const sources = [0, 1, 2].map(() => createDataSource({ url: config.database.url, schema: other }));
    await Promise.all(sources.map((s) => s.initialize()));
    try {
      const reports = await Promise.all(sources.map((s) => runMigrations(s, other)));
      expect(reports.map((r) => r.applied.length).sort()).toEqual([0, 0, migrations.length]);
    } finally {
      await sources[0].query(`DROP SCHEMA IF EXISTS "${other}" CASCADE`);
      await Promise.all(sources.map((s) => s.destroy()));
    }
  });
});
