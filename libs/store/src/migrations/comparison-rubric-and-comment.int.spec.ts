import { planProjection } from '@hindsight/projections';
import { ProjectionStore } from '../repositories/projection-store';
import { migratedSchemaFixture, sealedTestComparison, sealedTestEvent } from '../testing';
import { ComparisonRubricAndComment1764530000000 } from './1764530000000-comparison-rubric-and-comment';

/*
 * Migration 1764530000000 on a database projected before it: comparisons rows gain
 * `rubric` and `comment`, filled from the event store (a v2 comparison's own values,
 * `{}`/null for the others and for an erased rater's).
 */
describe('migration ComparisonRubricAndComment1764530000000', () => {
  const dataSource = migratedSchemaFixture('cmp_rubric');

  const comparison = (taskId: string, raterId: string, extra: Record<string, unknown>) =>
    sealedTestComparison('migrated', 'test', { taskId, raterId, ...extra });

  it('fills the new columns of rows projected before it from the event store', async () => {
    const scored = comparison('t-scored', 'rater-1', { rubric: { accuracy: 3 }, comment: 'fine' });
    const plain = comparison('t-plain', 'rater-1', {});
    const erased = comparison('t-erased', 'rater-gone', { rubric: { accuracy: 1 }, comment: 'mine' });
    const erasure = sealedTestEvent(
      {
        type: 'subject.erasure.requested',
        idempotencyKey: 'erase-gone',
        data: { subjectKind: 'rater', subjectId: 'rater-gone', reason: 'test' },
      },
      'migrated',
      'test',
    );
    const events = [scored, plain, erased, erasure];
    await new ProjectionStore(dataSource, { plan: planProjection }).commitBatch(
      'migration-test',
      events.map((event, i) => ({ topic: 'annotations', partition: 0, offset: String(i), event })),
    );
    const read = () =>
      dataSource.query(`SELECT task_id, rubric, comment FROM comparisons WHERE tenant = 'migrated' ORDER BY task_id`);
    const expected = [
      { task_id: 't-erased', rubric: {}, comment: null },
      { task_id: 't-plain', rubric: {}, comment: null },
      { task_id: 't-scored', rubric: { accuracy: 3 }, comment: 'fine' },
    ];
    // As projected live.
    expect(await read()).toEqual(expected);
    // As a database projected before the migration: the columns are not there; the migration adds and fills them.
    const runner = dataSource.createQueryRunner();
    try {
      const migration = new ComparisonRubricAndComment1764530000000();
      await migration.down(runner);
      expect(
        (await dataSource.query(`SELECT * FROM comparisons WHERE tenant = 'migrated' LIMIT 1`))[0],
      ).not.toHaveProperty('rubric');
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await read()).toEqual(expected);
  });
});
