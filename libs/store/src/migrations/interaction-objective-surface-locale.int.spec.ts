import { randomUUID } from 'node:crypto';
import { exampleEventInputs } from '@hindsight/contracts';
import { planProjection } from '@hindsight/projections';
import { ProjectionStore } from '../repositories/projection-store';
import { migratedSchemaFixture, sealedTestEvent } from '../testing';
import { InteractionObjectiveSurfaceLocale1764570000000 } from './1764570000000-interaction-objective-surface-locale';

/*
 * Migration 1764570000000 on a database projected before it: interactions rows gain
 * `objective`, `surface` and `locale`, filled from the event store (a v2 interaction's own
 * values, null for a v1 interaction and for an erased one).
 */
describe('migration InteractionObjectiveSurfaceLocale1764570000000', () => {
  const dataSource = migratedSchemaFixture('int_objective');

  const seal = (input: unknown) => sealedTestEvent(input, 'migrated', 'test');
  const example = exampleEventInputs['interaction.logged'];
  const { objective: _o, surface: _s, locale: _l, ...v1Data } = example.data;
  const interaction = (interactionId: string, version: 1 | 2, extra: Record<string, unknown>, userId = 'u-1') =>
    seal({
      ...example,
      version,
      idempotencyKey: `k-${randomUUID()}`,
      data: { ...(version === 1 ? v1Data : example.data), interactionId, userId, ...extra },
    });

  it('fills the new columns of rows projected before it from the event store', async () => {
    const named = interaction('i-named', 2, { objective: 'honesty', surface: 'chat', locale: 'de-AT' });
    const partial = interaction('i-partial', 2, { objective: undefined, surface: 'search', locale: undefined });
    const legacy = interaction('i-legacy', 1, {});
    const erased = interaction('i-erased', 2, {}, 'u-gone');
    const erasure = seal({
      type: 'subject.erasure.requested',
      idempotencyKey: 'erase-gone',
      data: { subjectKind: 'user', subjectId: 'u-gone', reason: 'test' },
    });
    const events = [named, partial, legacy, erased, erasure];
    // A v1 input is upcast to the latest version (v3: v2's fields plus redaction) when validated.
    expect(legacy.version).toBe(3);
    await new ProjectionStore(dataSource, { plan: planProjection }).commitBatch(
      'migration-test',
      events.map((event, i) => ({ topic: 'deployment', partition: 0, offset: String(i), event })),
    );
    const read = () =>
      dataSource.query(
        `SELECT interaction_id, objective, surface, locale FROM interactions WHERE tenant = 'migrated' ORDER BY interaction_id`,
      );
    const expected = [
      { interaction_id: 'i-erased', objective: null, surface: null, locale: null },
      { interaction_id: 'i-legacy', objective: null, surface: null, locale: null },
      { interaction_id: 'i-named', objective: 'honesty', surface: 'chat', locale: 'de-AT' },
      { interaction_id: 'i-partial', objective: null, surface: 'search', locale: null },
    ];
    // As projected live: the erasure clears them with the texts.
    expect(await read()).toEqual(expected);
    // As a database projected before the migration: the columns are not there; the migration adds and fills them
    // from the events (the erased interaction's is a tombstone).
    const runner = dataSource.createQueryRunner();
    try {
      const migration = new InteractionObjectiveSurfaceLocale1764570000000();
      await migration.down(runner);
      expect(
        (await dataSource.query(`SELECT * FROM interactions WHERE tenant = 'migrated' LIMIT 1`))[0],
      ).not.toHaveProperty('objective');
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await read()).toEqual(expected);
  });
});
