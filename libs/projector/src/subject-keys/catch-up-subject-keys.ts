import { randomBytes } from 'node:crypto';
import type { Kafka } from '@hindsight/kafka';
import type { Logger } from 'pino';
import type { DataSource } from '@hindsight/store';
import { topicName, TOPICS, UnavailableError } from '@hindsight/contracts';
import type { PlatformConfig } from '@hindsight/config';
import { BatchConsumer, createKafka, partitionRanges, type PartitionBatch } from '@hindsight/kafka';
import { isDestroyed, parseSubjectKeyRecord } from '@hindsight/shredding';
import { SubjectKeyRepository, type KeyLogEntry } from '@hindsight/store';

export interface SubjectKeyCatchUp {
  readonly kafka: Kafka;
  /** The full name of the subject-keys topic. */
  readonly topic: string;
  readonly keys: SubjectKeyRepository;
  /** The name under which this database stores its position in the topic. */
  readonly positionGroup: string;
  readonly logger: Logger;
  /** How long to wait for the topic's end before giving up (default 5 minutes). */
  readonly timeoutMs?: number;
  readonly onProgress?: (applied: number, remaining: number) => void;
}

/**
 * Projects the subject-keys topic into `subject_keys` up to the topic's end as it
 * was when called, from the position stored with the keys: keys first, so that
 * every event sealed before now can be opened. Records already applied are
 * skipped by position; applying one twice changes nothing.
 * @returns the number of records applied.
 * @throws UnavailableError when the broker does not answer or the end is not reached in time.
 */
export async function catchUpSubjectKeys(options: SubjectKeyCatchUp): Promise<number> {
  const { kafka, topic, keys, positionGroup, logger } = options;
  const admin = kafka.admin();
  let ends: Map<number, bigint>;
  try {
    await admin.connect();
    ends = new Map((await partitionRanges(admin, topic)).map((p) => [p.partition, BigInt(p.high)]));
  } catch (error) {
    throw new UnavailableError('kafka', `could not read the end of ${topic}: ${(error as Error).message}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  const remaining = async () => {
    const at = new Map(
      (await keys.keyLogPositions(positionGroup))
        .filter((p) => p.topic === topic)
        .map((p) => [p.partition, BigInt(p.nextOffset)]),
    );
    let left = 0n;
    for (const [partition, end] of ends) {
      const position = at.get(partition) ?? 0n;
      if (position < end) left += end - position;
    }
    return left;
  };
  if ((await remaining()) === 0n) return 0;

  let applied = 0;
  let stopped: Error | undefined;
  const consumer = new BatchConsumer(kafka, {
    // A group of its own each time: the position lives in PostgreSQL, and no other member may take partitions from it.
    groupId: `${positionGroup}-${randomBytes(4).toString('hex')}`,
    topics: [topic],
    positions: async () => (await keys.keyLogPositions(positionGroup)).filter((p) => p.topic === topic),
    apply: async (batch: PartitionBatch) => {
      const entries: KeyLogEntry[] = [];
      for (const m of batch.messages) {
        const record = parseSubjectKeyRecord(m.value);
        if (!record) {
          logger.warn(
            { topic: m.topic, partition: m.partition, offset: m.offset },
            'not a subject-key record; skipped',
          );
          continue;
        }
        const ref = { tenant: record.tenant, kind: record.kind, id: record.id };
        entries.push(
          isDestroyed(record)
            ? { ref, destroyedAt: record.destroyedAt }
            : {
                ref,
                kekId: record.kekId,
                wrapped: Buffer.from(record.wrappedKey, 'base64'),
                wrappedAt: record.wrappedAt,
              },
        );
      }
      const last = batch.messages[batch.messages.length - 1];
      try {
        await keys.applyLogRecords(entries, positionGroup, {
          topic: batch.topic,
          partition: batch.partition,
          nextOffset: (BigInt(last.offset) + 1n).toString(),
        });
      } catch (error) {
        // The caller is waiting for the end of the topic: it must hear of this, not wait while kafkajs retries.
        stopped ??= error instanceof Error ? error : new Error(String(error));
        throw error;
      }
      applied += batch.messages.length;
    },
    onFatal: (error) => {
      stopped ??= error;
    },
    maxMessagesPerApply: 2000,
    // It stops as soon as the end is reached, and stop() waits for the fetch in flight: at kafkajs' default of
    // 5 s that wait was most of a replay's key phase, and stalled a live batch that met a missing key.
    maxWaitTimeInMs: 100,
    logger,
  });
  const deadline = Date.now() + (options.timeoutMs ?? 5 * 60_000);
  try {
    void consumer.start().catch((error: unknown) => {
      stopped ??= error instanceof Error ? error : new Error(String(error));
    });
    for (;;) {
      if (stopped) throw new UnavailableError('kafka', `reading ${topic} stopped: ${stopped.message}`);
      const left = await remaining();
      options.onProgress?.(applied, Number(left));
      if (left === 0n) break;
      if (Date.now() > deadline)
        throw new UnavailableError('kafka', `${topic} was not read to its end in time (${left} records left)`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await consumer.stop();
  }
  logger.info({ topic, applied }, 'subject keys caught up with the log');
  return applied;
}

/** Where a database records how far it has read the subject-keys topic. */
export const SUBJECT_KEYS_POSITION_GROUP = 'hindsight-subject-keys';

/**
 * A catch-up bound to the platform's configuration and one database. Calls that
 * overlap share one pass (partitions applied concurrently may all meet the same
 * missing key at once).
 */
export function subjectKeyCatchUpOf(
  config: PlatformConfig,
  logger: Logger,
  dataSource: DataSource,
): () => Promise<number> {
  let running: Promise<number> | undefined;
  return () => {
    running ??= (async () => {
      const kafka = createKafka(
        { brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-subject-keys` },
        logger,
      );
      return catchUpSubjectKeys({
        kafka,
        topic: topicName(config.kafka.topicPrefix, TOPICS.subjectKeys),
        keys: new SubjectKeyRepository(dataSource),
        positionGroup: SUBJECT_KEYS_POSITION_GROUP,
        logger,
      });
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
}
