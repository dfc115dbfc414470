import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ConsumerOffsets1763900000000 implements MigrationInterface {
  name = 'ConsumerOffsets1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE consumer_offsets (
        consumer_group text        NOT NULL,
        topic          text        NOT NULL,
        partition      integer     NOT NULL CHECK (partition >= 0),
        next_offset    bigint      NOT NULL CHECK (next_offset >= 0),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, topic, partition)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE consumer_offsets');
  }
}
