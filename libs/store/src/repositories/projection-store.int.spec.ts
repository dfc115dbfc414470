import { randomBytes, randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import { exampleEventInputs, formatUuidV7, sealEvent, validateEventInput, type EventType, type HindsightEvent } from '@hindsight/contracts';
import { createDataSource } from '../data-source';
import { ProjectionStore, type ConsumedMessage } from './projection-store';

/*
 * The store's own rules, without Kafka: topics are ordered only per partition, so
 * on a replay (or from another producer) an event about a rater can be applied
 * after that rater's erasure, in a later batch. It must be erased at once.
 */
describe('ProjectionStore', () => {
  const config = loadPlatformConfig();
  const dataSource = createDataSource(config.database);
  const store = new ProjectionStore(dataSource);
  const group = `store-test-${randomUUID()}`;
  let offset = 0;

  beforeAll(() => dataSource.initialize());
  afterAll(() => dataSource.destroy());

  const event = (type: EventType, tenant: string, data: Record<string, unknown>): HindsightEvent => {
    const example = structuredClone(exampleEventInputs[type]) as unknown as { data: Record<string, unknown> };
    const input = validateEventInput({ ...example, idempotencyKey: `k-${randomUUID()}`, data: { ...example.data, ...data } });
    return sealEvent(input, { id: formatUuidV7(Date.now(), randomBytes(10)), recordedAt: new Date().toISOString(), tenant, source: 'store-test' }) as HindsightEvent;
  };
  const consumed = (e: HindsightEvent): ConsumedMessage => ({ topic: 'store-test', partition: 0, offset: String(offset++), event: e });

  it('erases an event that arrives after its subject was erased, and only the erased subject\'s', async () => {
    const tenant = `store-${randomUUID().slice(0, 8)}`;
    const erased = `rater-${randomUUID().slice(0, 6)}`;
    const erasure = event('subject.erasure.requested', tenant, { subjectKind: 'rater', subjectId: erased, reason: 'GDPR Art. 17' });
    expect(await store.commitBatch(group, [consumed(erasure)])).toMatchObject({ applied: 1 });

    const late = event('comparison.recorded', tenant, { raterId: erased, taskId: `task-${randomUUID()}` });
    const other = event('comparison.recorded', tenant, { raterId: 'rater-kept', taskId: `task-${randomUUID()}` });
    const elsewhere = event('comparison.recorded', `${tenant}-b`, { raterId: erased, taskId: `task-${randomUUID()}` });
    expect(await store.commitBatch(group, [consumed(late), consumed(other), consumed(elsewhere)])).toMatchObject({ applied: 3 });

    const comparisons: { annotation_id: string; erased: boolean; prompt: string }[] = await dataSource.query(
      'SELECT annotation_id, erased, prompt FROM comparisons WHERE annotation_id = ANY($1::uuid[]) ORDER BY annotation_id',
      [[late.id, other.id, elsewhere.id]],
    );
    const byId = new Map(comparisons.map((c) => [c.annotation_id, c]));
    expect(byId.get(late.id)).toMatchObject({ erased: true, prompt: '' });
    expect(byId.get(other.id)).toMatchObject({ erased: false });
    // The same rater id in another tenant is another person.
    expect(byId.get(elsewhere.id)).toMatchObject({ erased: false });
    const [payload] = await dataSource.query('SELECT payload, erased FROM events WHERE id = $1', [late.id]);
    expect(payload).toEqual({ erased: true, payload: expect.objectContaining({ id: late.id, data: { erased: true } }) });
  });
});
