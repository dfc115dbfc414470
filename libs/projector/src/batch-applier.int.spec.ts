import { randomUUID } from 'node:crypto';
import type { HindsightEvent } from '@hindsight/contracts';
import type { PartitionBatch } from '@hindsight/kafka';
import { createLogger } from '@hindsight/runtime';
import { EventOpener, generateKeyEncryptionKey, keyRingOf } from '@hindsight/shredding';
import { ProjectionStore, SubjectKeyRepository } from '@hindsight/store';
import { migratedSchemaFixture, sealedTestComparison } from '@hindsight/store/testing';
import { BatchApplier } from './batch-applier';
import { planProjection } from '@hindsight/projections';

/*
 * A message PostgreSQL refuses although it passed validation (here: a column
 * narrowed to smallint, standing for any mismatch between the contracts and the
 * schema) must not stop the partition: the applier finds it, dead-letters it with
 * PostgreSQL's reason, and applies the rest, offsets included, exactly once.
 */
describe('BatchApplier and data PostgreSQL refuses', () => {
  const dataSource = migratedSchemaFixture('refused');
  const group = `refused-${randomUUID().slice(0, 8)}`;
  const topic = 'refused-test';

  beforeAll(async () => {
    await dataSource.query('ALTER TABLE comparisons ALTER COLUMN dwell_time_ms TYPE smallint');
  });

  const comparison = (dwellTimeMs: number): HindsightEvent =>
    sealedTestComparison('refused', 'refused-test', { taskId: `task-${randomUUID()}`, dwellTimeMs });

  it('dead-letters the one message PostgreSQL refuses (SQLSTATE 22003) with its reason and applies the others', async () => {
    // 40,000 ms does not fit a smallint; the others do.
    const events = [1000, 2000, 40_000, 3000, 4000].map(comparison);
    const batch: PartitionBatch = {
      topic,
      partition: 0,
      highWatermark: String(events.length),
      messages: events.map((e, i) => ({
        topic,
        partition: 0,
        offset: String(i),
        key: Buffer.from((e.data as { taskId: string }).taskId),
        value: Buffer.from(JSON.stringify(e)),
        headers: { 'hindsight-type': e.type },
        timestamp: String(Date.now()),
      })),
    };
    const applier = new BatchApplier(
      new ProjectionStore(dataSource, { plan: planProjection }),
      undefined,
      'dead-letter',
      group,
      createLogger('refused-test', 'silent'),
      new EventOpener(new SubjectKeyRepository(dataSource), keyRingOf([generateKeyEncryptionKey()], 'test')),
    );

    expect(await applier.apply(batch)).toEqual({ applied: 4, duplicates: 0, skipped: 0, deadLetters: 1 });

    const stored: { id: string }[] = await dataSource.query('SELECT id FROM events ORDER BY kafka_offset');
    expect(stored.map((r) => r.id)).toEqual([events[0].id, events[1].id, events[3].id, events[4].id]);
    const dead: { kafka_offset: string; reason: string; value: Buffer }[] = await dataSource.query(
      'SELECT kafka_offset, reason, value FROM dead_letters WHERE consumer_group = $1',
      [group],
    );
    expect(dead).toHaveLength(1);
    expect(dead[0].kafka_offset).toBe('2');
    expect(dead[0].reason).toMatch(/^PostgreSQL refused it \(SQLSTATE 22003\): /);
    expect(dead[0].value.toString('utf8')).toBe(JSON.stringify(events[2]));
    const [offsets] = await dataSource.query('SELECT next_offset FROM consumer_offsets WHERE consumer_group = $1', [
      group,
    ]);
    expect(String(offsets.next_offset)).toBe('5');

    // Delivered again (a restart before Kafka learnt anything): nothing is applied twice.
    expect(await applier.apply(batch)).toEqual({ applied: 0, duplicates: 0, skipped: 5, deadLetters: 0 });
  });
});
