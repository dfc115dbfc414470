import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An index on the deployment interactions by tenant and recording time. The
 * scheduler's drift trigger reads a tenant's most recent interactions since its
 * last retrain on every tick (`PromptDriftSourceRepository`); without the index
 * that is a scan and sort of every interaction the tenant ever logged.
 */
export class InteractionsByRecordedAt1763900600000 implements MigrationInterface {
  name = 'InteractionsByRecordedAt1763900600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX interactions_tenant_recorded ON interactions (tenant, recorded_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX interactions_tenant_recorded');
  }
}
