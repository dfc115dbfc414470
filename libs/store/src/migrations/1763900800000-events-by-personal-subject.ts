import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasure finds a subject's events by the rater, interaction or user named in
 * their data (`ProjectionStore.erase`), inside the projector's batch transaction.
 * Without these indexes that is a scan of every event of the tenant while the
 * erasure's partition waits: minutes at tens of millions of events. Partial, so
 * events that name no such subject add no entry.
 */
export class EventsByPersonalSubject1763900800000 implements MigrationInterface {
  name = 'EventsByPersonalSubject1763900800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, field] of FIELDS) {
      await queryRunner.query(
        `CREATE INDEX ${name} ON events (tenant, (payload -> 'data' ->> '${field}')) WHERE (payload -> 'data' ->> '${field}') IS NOT NULL`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of FIELDS) await queryRunner.query(`DROP INDEX ${name}`);
  }
}

const FIELDS = [
  ['events_rater', 'raterId'],
  ['events_interaction', 'interactionId'],
  ['events_user', 'userId'],
] as const;
