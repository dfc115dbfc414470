import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Dataset builds requested through the api: their recipe, status and manifest. */
export class DatasetBuilds1763900210000 implements MigrationInterface {
  name = 'DatasetBuilds1763900210000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE dataset_builds (
        id          uuid        PRIMARY KEY,
        tenant      text        NOT NULL,
        as_of       timestamptz NOT NULL,
        recipe      jsonb       NOT NULL,
        status      text        NOT NULL CHECK (status IN ('building', 'built', 'failed')),
        directory   text        NOT NULL,
        manifest    jsonb,
        error       text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX dataset_builds_tenant ON dataset_builds (tenant, created_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE dataset_builds');
  }
}
