import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKeysAndIdempotency1763900100000 implements MigrationInterface {
  name = 'ApiKeysAndIdempotency1763900100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id                    uuid        PRIMARY KEY,
        tenant                text        NOT NULL,
        name                  text        NOT NULL DEFAULT '',
        lookup_id             text        NOT NULL UNIQUE,
        secret_sha256         bytea       NOT NULL,
        scopes                text[]      NOT NULL CHECK (cardinality(scopes) > 0),
        allowed_origins       text[]      NOT NULL DEFAULT '{}',
        rate_limit_per_minute integer     CHECK (rate_limit_per_minute > 0),
        created_at            timestamptz NOT NULL DEFAULT now(),
        revoked_at            timestamptz
      )`);
    await queryRunner.query('CREATE INDEX api_keys_tenant ON api_keys (tenant)');
    await queryRunner.query(`
      CREATE TABLE idempotency_records (
        tenant        text        NOT NULL,
        key           text        NOT NULL,
        request_hash  text        NOT NULL,
        response      jsonb       NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant, key)
      )`);
    await queryRunner.query('CREATE INDEX idempotency_records_created_at ON idempotency_records (created_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE idempotency_records');
    await queryRunner.query('DROP TABLE api_keys');
  }
}
