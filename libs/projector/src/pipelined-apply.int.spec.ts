import { randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import type { HindsightEvent } from '@hindsight/contracts';
import { BatchConsumer, createKafka, ensureTopics } from '@hindsight/kafka';
import { createLogger } from '@hindsight/runtime';
import { EventOpener, generateKeyEncryptionKey, keyRingOf } from '@hindsight/shredding';
import { ProjectionStore, SubjectKeyRepository } from '@hindsight/store';
import { migratedSchemaFixture, sealedTestComparison } from '@hindsight/store/testing';
import { BatchApplier, type PreparedBatch } from './batch-applier';
import { planProjection } from '@hindsight/projections';

/*
 * The consumer prepares sub-batch N+1 while N commits. Against the real broker and PostgreSQL: N+1 is never
 * committed before N; when N's commit fails, N+1 (already prepared) is not committed after it, and a consumer
 * started afterwards continues from N, applying every event exactly once.
 */
describe('pipelined sub-batches (prepare N+1 while N commits)', () => {
  const config = loadPlatformConfig();
  const dataSource = migratedSchemaFixture('pipelined');
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'pipelined-test' });
  const topic = `${config.kafka.topicPrefix}pipelined`;
  const group = `pipelined-${randomUUID().slice(0, 8)}`;
  const EVENTS = 30;
  const PER_APPLY = 5;
  /** The first offset of the sub-batch whose commit fails in the first consumer. */
  const FAILING = 10;

  beforeAll(async () => {
    await ensureTopics(kafka, [{ name: topic, partitions: 1, replicationFactor: 1, config: {} }]);
  });

  const comparison = (): HindsightEvent =>
    sealedTestComparison('pipelined', 'pipelined-test', { taskId: `task-${randomUUID()}` });

  const applierOf = () =>
    new BatchApplier(
      new ProjectionStore(dataSource, { plan: planProjection }),
      undefined,
      'dead-letter',
      group,
      createLogger('pipelined-test', 'silent'),
      new EventOpener(new SubjectKeyRepository(dataSource), keyRingOf([generateKeyEncryptionKey()], 'test')),
    );
  const firstOffset = (p: PreparedBatch) => Number(p.batch.messages[0].offset);
  const stored = async () => {
    const rows: { kafka_offset: string }[] = await dataSource.query('SELECT kafka_offset FROM events');
    const [offset]: { next_offset: string }[] = await dataSource.query(
      'SELECT next_offset FROM consumer_offsets WHERE consumer_group = $1',
      [group],
    );
    return {
      offsets: rows.map((r) => Number(r.kafka_offset)).sort((a, b) => a - b),
      next: Number(offset?.next_offset),
    };
  };

  it('commits in order, drops the prepared N+1 when N fails, and continues from N', async () => {
    const events = Array.from({ length: EVENTS }, comparison);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: events.map((e) => ({ key: (e.data as { taskId: string }).taskId, value: JSON.stringify(e) })),
    });
    await producer.disconnect();

    // First consumer: every commit from FAILING on fails (as PostgreSQL gone), after the next sub-batch was prepared.
    const log: string[] = [];
    const applier = applierOf();
    let preparedAfterFailing!: () => void;
    const nextPrepared = new Promise<void>((resolve) => {
      preparedAfterFailing = resolve;
    });
    let failed!: () => void;
    const failure = new Promise<void>((resolve) => {
      failed = resolve;
    });
    const first = new BatchConsumer<PreparedBatch>(kafka, {
      groupId: group,
      topics: [topic],
      positions: () => new ProjectionStore(dataSource, { plan: planProjection }).storedOffsets(group),
      maxMessagesPerApply: PER_APPLY,
      maxWaitTimeInMs: 100,
      prepare: async (batch) => {
        log.push(`prepare ${batch.messages[0].offset} start`);
        const prepared = await applier.prepare(batch);
        log.push(`prepare ${batch.messages[0].offset} end`);
        if (firstOffset(prepared) === FAILING + PER_APPLY) preparedAfterFailing();
        return prepared;
      },
      commit: async (prepared) => {
        const at = firstOffset(prepared);
        log.push(`commit ${at} start`);
        if (at >= FAILING) {
          if (at === FAILING) await nextPrepared;
          log.push(`commit ${at} failed`);
          failed();
          throw new Error('PostgreSQL went away');
        }
        await applier.commit(prepared);
        log.push(`commit ${at} end`);
      },
    });
    try {
      await first.start();
      await failure;
      // Time for a wrongly kept N+1 to be committed, and for kafkajs' retries.
      await new Promise((resolve) => setTimeout(resolve, 1500));
    } finally {
      await first.stop();
    }
    const commits = log.filter((l) => l.startsWith('commit'));
    expect(commits.slice(0, 5)).toEqual([
      'commit 0 start',
      'commit 0 end',
      'commit 5 start',
      'commit 5 end',
      `commit ${FAILING} start`,
    ]);
    // Never a commit of a later sub-batch while the failing one is retried; N+1 was prepared during N's commit.
    expect(commits.filter((l) => l !== `commit ${FAILING} start` && l !== `commit ${FAILING} failed`)).toHaveLength(4);
    expect(log.indexOf(`prepare ${FAILING + PER_APPLY} end`)).toBeLessThan(log.indexOf(`commit ${FAILING} failed`));
    expect(log.indexOf('prepare 5 start')).toBeLessThan(log.indexOf('commit 0 end'));
    expect(await stored()).toEqual({ offsets: Array.from({ length: FAILING }, (_, i) => i), next: FAILING });

    // A consumer started afterwards (a restart) continues from N: every event once, commits in order.
    const again = applierOf();
    const committed: number[] = [];
    let all!: () => void;
    const done = new Promise<void>((resolve) => {
      all = resolve;
    });
    const second = new BatchConsumer<PreparedBatch>(kafka, {
      groupId: group,
      topics: [topic],
      positions: () => new ProjectionStore(dataSource, { plan: planProjection }).storedOffsets(group),
      maxMessagesPerApply: PER_APPLY,
      maxWaitTimeInMs: 100,
      prepare: (batch) => again.prepare(batch),
      commit: async (prepared) => {
        committed.push(firstOffset(prepared));
        await again.commit(prepared);
        if (again.stats.events >= EVENTS - FAILING) all();
      },
    });
    try {
      await second.start();
      await done;
    } finally {
      await second.stop();
    }
    expect(committed).toEqual([10, 15, 20, 25]);
    expect(again.stats).toMatchObject({ events: EVENTS - FAILING, duplicates: 0, deadLetters: 0 });
    expect(await stored()).toEqual({ offsets: Array.from({ length: EVENTS }, (_, i) => i), next: EVENTS });
  }, 60_000);
});
