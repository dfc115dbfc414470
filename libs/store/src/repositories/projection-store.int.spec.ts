import { randomBytes, randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import {
  ERASABLE_SUBJECT_KINDS,
  erasureTargets,
  exampleEventInputs,
  formatUuidV7,
  sealEvent,
  validateEventInput,
  type EventType,
  type HindsightEvent,
} from '@hindsight/contracts';
import { createDataSource } from '../data-source';
import { tombstoneStatements } from './erased-events';
import { ProjectionStore, type ConsumedMessage } from './projection-store';
import { planProjection } from '@hindsight/projections';

/*
 * The store's own rules, without Kafka: topics are ordered only per partition, so
 * on a replay (or from another producer) an event about a rater can be applied
 * after that rater's erasure, in a later batch. It must be erased at once.
 */
describe('ProjectionStore', () => {
  const config = loadPlatformConfig();
  const dataSource = createDataSource(config.database);
  const store = new ProjectionStore(dataSource, { plan: planProjection });
  const group = `store-test-${randomUUID()}`;
  let offset = 0;

  beforeAll(() => dataSource.initialize());
  afterAll(() => dataSource.destroy());

  const event = (type: EventType, tenant: string, data: Record<string, unknown>): HindsightEvent => {
    const example = structuredClone(exampleEventInputs[type]) as unknown as { data: Record<string, unknown> };
    const input = validateEventInput({
      ...example,
      idempotencyKey: `k-${randomUUID()}`,
      data: { ...example.data, ...data },
    });
    return sealEvent(input, {
      id: formatUuidV7(Date.now(), randomBytes(10)),
      recordedAt: new Date().toISOString(),
      tenant,
      source: 'store-test',
    }) as HindsightEvent;
  };
  const consumed = (e: HindsightEvent): ConsumedMessage => ({
    topic: 'store-test',
    partition: 0,
    offset: String(offset++),
    event: e,
  });

  it("erases an event that arrives after its subject was erased, and only the erased subject's", async () => {
    const tenant = `store-${randomUUID().slice(0, 8)}`;
    const erased = `rater-${randomUUID().slice(0, 6)}`;
    const erasure = event('subject.erasure.requested', tenant, {
      subjectKind: 'rater',
      subjectId: erased,
      reason: 'GDPR Art. 17',
    });
    expect(await store.commitBatch(group, [consumed(erasure)])).toMatchObject({ applied: 1 });

    const late = event('comparison.recorded', tenant, { raterId: erased, taskId: `task-${randomUUID()}` });
    const other = event('comparison.recorded', tenant, { raterId: 'rater-kept', taskId: `task-${randomUUID()}` });
    const elsewhere = event('comparison.recorded', `${tenant}-b`, { raterId: erased, taskId: `task-${randomUUID()}` });
    expect(await store.commitBatch(group, [consumed(late), consumed(other), consumed(elsewhere)])).toMatchObject({
      applied: 3,
    });

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
    expect(payload).toEqual({
      erased: true,
      payload: expect.objectContaining({ id: late.id, data: { erased: true } }),
    });
  });

  it('applies a batch whose events the index partly holds (copied first, then once more skipping them): each event once, the others applied', async () => {
    const tenant = `store-${randomUUID().slice(0, 8)}`;
    const comparison = () => event('comparison.recorded', tenant, { taskId: `task-${randomUUID()}` });
    const [held, fresh, again] = [comparison(), comparison(), comparison()];
    expect(await store.commitBatch(group, [consumed(held)])).toMatchObject({ applied: 1, duplicates: 0 });

    // `held` re-published with a new id under its idempotency key; `fresh` twice in one batch (a producer retry).
    const republished = { ...held, id: formatUuidV7(Date.now(), randomBytes(10)) } as HindsightEvent;
    const batch = [consumed(fresh), consumed(republished), consumed(fresh), consumed(again)];
    expect(await store.commitBatch(group, batch)).toEqual({ applied: 2, duplicates: 2, skipped: 0, deadLetters: 0 });

    const stored: { id: string; n: number }[] = await dataSource.query(
      `SELECT e.id, count(*)::int AS n FROM events e JOIN comparisons c ON c.annotation_id = e.id
       WHERE e.tenant = $1 GROUP BY e.id ORDER BY e.id`,
      [tenant],
    );
    expect(stored).toEqual([held.id, fresh.id, again.id].sort().map((id) => ({ id, n: 1 })));
  });

  it('copies a batch of new events into the index, keeping the first of two events with one idempotency key', async () => {
    const tenant = `store-${randomUUID().slice(0, 8)}`;
    const first = event('comparison.recorded', tenant, { taskId: `task-${randomUUID()}` });
    const second = { ...first, id: formatUuidV7(Date.now(), randomBytes(10)) } as HindsightEvent;
    expect(await store.commitBatch(group, [consumed(first), consumed(second)])).toEqual({
      applied: 1,
      duplicates: 1,
      skipped: 0,
      deadLetters: 0,
    });
    expect(await dataSource.query('SELECT id FROM event_index WHERE tenant = $1', [tenant])).toEqual([
      { id: first.id },
    ]);
  });

  it('skips what each partition already committed, offsets compared as numbers, however the partitions interleave', async () => {
    const tenant = `store-${randomUUID().slice(0, 8)}`;
    const topic = `store-skip-${randomUUID()}`;
    const skipGroup = `store-skip-${randomUUID()}`;
    const at = (partition: number, offset: string): ConsumedMessage => ({
      topic,
      partition,
      offset,
      event: event('comparison.recorded', tenant, { taskId: `task-${randomUUID()}` }),
    });
    // Stored: partition 0 up to 9 (next 10), partition 1 up to 99 (next 100).
    expect(await store.commitBatch(skipGroup, [at(0, '9'), at(1, '99')])).toMatchObject({ applied: 2, skipped: 0 });
    const batch = [at(0, '8'), at(0, '10'), at(1, '100'), at(1, '98'), at(0, '9'), at(1, '101'), at(0, '11')];
    expect(await store.commitBatch(skipGroup, batch)).toEqual({
      applied: 4,
      duplicates: 0,
      skipped: 3,
      deadLetters: 0,
    });
    const offsets: { partition: number; next_offset: string }[] = await dataSource.query(
      'SELECT partition, next_offset FROM consumer_offsets WHERE consumer_group = $1 ORDER BY partition',
      [skipGroup],
    );
    expect(offsets.map((o) => [o.partition, String(o.next_offset)])).toEqual([
      [0, '12'],
      [1, '102'],
    ]);
  });

  const erasedIds = async (ids: string[]): Promise<string[]> =>
    (await dataSource.query('SELECT id FROM events WHERE id = ANY($1::uuid[]) AND erased ORDER BY id', [ids])).map(
      (r: { id: string }) => r.id,
    );

  it("erases what the definitions declare: a rater's judgments and the amendments naming them, with their amendment rows", async () => {
    const tenant = `store-${randomUUID().slice(0, 8)}`;
    const rater = `rater-${randomUUID().slice(0, 6)}`;
    const taskId = `task-${randomUUID()}`;
    const comparison = event('comparison.recorded', tenant, { raterId: rater, taskId });
    const kept = event('comparison.recorded', tenant, { raterId: 'rater-kept', taskId });
    const correction = event('annotation.corrected', tenant, { annotationId: comparison.id, taskId, raterId: rater });
    const retraction = event('annotation.retracted', tenant, { annotationId: comparison.id, taskId, raterId: rater });
    const keptCorrection = event('annotation.corrected', tenant, {
      annotationId: kept.id,
      taskId,
      raterId: 'rater-kept',
    });
    await store.commitBatch(group, [comparison, kept, correction, retraction, keptCorrection].map(consumed));
    const amendments = async () =>
      (
        await dataSource.query(
          'SELECT event_id FROM annotation_amendments WHERE event_id = ANY($1::uuid[]) ORDER BY event_id',
          [[correction.id, retraction.id, keptCorrection.id]],
        )
      ).map((r: { event_id: string }) => r.event_id);
    expect(await amendments()).toEqual([correction.id, retraction.id, keptCorrection.id].sort());

    await store.commitBatch(group, [
      consumed(
        event('subject.erasure.requested', tenant, { subjectKind: 'rater', subjectId: rater, reason: 'GDPR Art. 17' }),
      ),
    ]);
    expect(await erasedIds([comparison.id, kept.id, correction.id, retraction.id, keptCorrection.id])).toEqual(
      [comparison.id, correction.id, retraction.id].sort(),
    );
    expect(await amendments()).toEqual([keptCorrection.id]);
  });

  it("erases a user's interactions with everything about them, and another user's not", async () => {
    const tenant = `store-${randomUUID().slice(0, 8)}`;
    const user = `user-${randomUUID().slice(0, 6)}`;
    const mine = `chat-${randomUUID().slice(0, 8)}`;
    const theirs = `chat-${randomUUID().slice(0, 8)}`;
    const logged = event('interaction.logged', tenant, { interactionId: mine, userId: user });
    const otherLogged = event('interaction.logged', tenant, { interactionId: theirs, userId: 'user-kept' });
    const feedback = event('feedback.recorded', tenant, { interactionId: mine, userId: undefined });
    const outcome = event('outcome.recorded', tenant, { interactionId: mine });
    const otherOutcome = event('outcome.recorded', tenant, { interactionId: theirs });
    await store.commitBatch(group, [logged, otherLogged, feedback, outcome, otherOutcome].map(consumed));
    await store.commitBatch(group, [
      consumed(
        event('subject.erasure.requested', tenant, { subjectKind: 'user', subjectId: user, reason: 'GDPR Art. 17' }),
      ),
    ]);
    expect(await erasedIds([logged.id, otherLogged.id, feedback.id, outcome.id, otherOutcome.id])).toEqual(
      [logged.id, feedback.id, outcome.id].sort(),
    );
  });

  it("finds the events an erasure clears by index, never by scanning the tenant's events", async () => {
    // A month's partition to plan against (an empty partitioned table plans to nothing).
    await store.commitBatch(group, [consumed(event('outcome.recorded', `store-${randomUUID().slice(0, 8)}`, {}))]);
    const plans: string[] = [];
    await dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      for (const kind of ERASABLE_SUBJECT_KINDS) {
        for (const { sql, types } of tombstoneStatements(kind)) {
          const plan = (await tx.query(`EXPLAIN ${sql}`, ['acme', 'x', types]))
            .map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN'])
            .join('\n');
          plans.push(`${kind}:\n${plan}`);
        }
      }
    });
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) expect(plan).not.toMatch(/Seq Scan on events/);
    const fields = ERASABLE_SUBJECT_KINDS.flatMap((k) => erasureTargets(k).map((t) => t.field));
    for (const field of fields)
      expect(plans.some((plan) => new RegExp(`Index Cond: .*'${field}'`).test(plan))).toBe(true);
  });
});
