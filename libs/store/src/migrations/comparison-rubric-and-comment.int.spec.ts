import { randomBytes, randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import {
  exampleEventInputs,
  formatUuidV7,
  sealEvent,
  validateEventInput,
  type HindsightEvent,
} from '@hindsight/contracts';
import { planProjection } from '@hindsight/projections';
import { createDataSource, runMigrations } from '../data-source';
import { ProjectionStore } from '../repositories/projection-store';
import { ComparisonRubricAndComment1764530000000 } from './1764530000000-comparison-rubric-and-comment';

/*
 * Migration 1764530000000 on a database projected before it: comparisons rows gain
 * `rubric` and `comment`, filled from the event store (a v2 comparison's own values,
 * `{}`/null for the others and for an erased rater's).
 */
describe('migration ComparisonRubricAndComment1764530000000', () => {
  const config = loadPlatformConfig();
  const schema = `${config.database.schema}_cmp_rubric`;
  const dataSource = createDataSource({ ...config.database, schema });

  beforeAll(async () => {
    await dataSource.initialize();
    await runMigrations(dataSource, schema);
  });
  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  const comparison = (taskId: string, raterId: string, extra: Record<string, unknown>): HindsightEvent => {
    const example = structuredClone(exampleEventInputs['comparison.recorded']) as unknown as {
      data: Record<string, unknown>;
    };
    const input = validateEventInput({
      ...example,
      idempotencyKey: `k-${randomUUID()}`,
      data: { ...example.data, queueId: undefined, assignmentId: undefined, taskId, raterId, ...extra },
    });
    return sealEvent(input, {
      id: formatUuidV7(Date.now(), randomBytes(10)),
      recordedAt: new Date().toISOString(),
      tenant: 'migrated',
      source: 'test',
    }) as HindsightEvent;
  };

  it('fills the new columns of rows projected before it from the event store', async () => {
    const scored = comparison('t-scored', 'rater-1', { rubric: { accuracy: 3 }, comment: 'fine' });
    const plain = comparison('t-plain', 'rater-1', {});
    const erased = comparison('t-erased', 'rater-gone', { rubric: { accuracy: 1 }, comment: 'mine' });
    const erasure = sealEvent(
      validateEventInput({
        type: 'subject.erasure.requested',
        idempotencyKey: 'erase-gone',
        data: { subjectKind: 'rater', subjectId: 'rater-gone', reason: 'test' },
      }),
      {
        id: formatUuidV7(Date.now(), randomBytes(10)),
        recordedAt: new Date().toISOString(),
        tenant: 'migrated',
        source: 'test',
      },
    ) as HindsightEvent;
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
