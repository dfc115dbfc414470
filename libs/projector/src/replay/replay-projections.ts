import type { Logger } from 'pino';
import {
  EVENT_TOPICS,
  HindsightError,
  topicName,
  TOPICS,
  UnavailableError,
  type HindsightEvent,
} from '@hindsight/contracts';
import type { PlatformConfig } from '@hindsight/config';
import { BatchConsumer, createKafka, partitionOffsetsAt, partitionRanges } from '@hindsight/kafka';
import { EventOpener, openKeyRing, verifyKeyRing } from '@hindsight/shredding';
import {
  createDataSource,
  ProjectionStore,
  ProjectionSwitchRepository,
  runMigrations,
  SubjectKeyRepository,
  type ConsumedMessage,
} from '@hindsight/store';
import { BatchApplier } from '../batch-applier';
import { subjectKeyCatchUpOf } from '../subject-keys/catch-up-subject-keys';
import { planProjection } from '@hindsight/projections';

export interface ReplayRequest {
  /** Rebuild everything from Kafka (`fromTime` absent), or keep history recorded before `fromTime` and rebuild from there. */
  readonly fromTime?: string;
  /** How far before `fromTime` to start reading Kafka: producer timestamps are not monotonic. */
  readonly marginMs?: number;
  /** Stops at the replay schema without switching readers (for inspection). */
  readonly noSwitch?: boolean;
}

export interface ReplayProgress {
  readonly phase: 'keys' | 'seeding' | 'consuming' | 'switching' | 'done';
  readonly applied: number;
  readonly target: number;
  readonly lag: number;
  readonly eventsPerSecond: number;
}

export interface ReplayResult {
  readonly replaySchema: string;
  readonly retiredSchema?: string;
  readonly switched: boolean;
  readonly seeded: number;
  readonly events: number;
  readonly seconds: number;
}

const stamp = (now: Date) =>
  now
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14);

/**
 * Blue/green replay: rebuilds every projection from Kafka into a fresh schema
 * while the live projector keeps serving the old tables, then swaps the new
 * tables in atomically once the replay has caught up with the live projector.
 */
export async function replayProjections(
  config: PlatformConfig,
  logger: Logger,
  request: ReplayRequest,
  onProgress: (p: ReplayProgress) => void,
): Promise<ReplayResult> {
  const started = Date.now();
  const suffix = stamp(new Date(started));
  const live = config.database.schema;
  const replaySchema = `${live}_replay_${suffix}`.slice(0, 63);
  const retiredSchema = `${live}_retired_${suffix}`.slice(0, 63);
  const replayGroup = `${config.kafka.projectorGroupId}-replay-${suffix}`;
  const topics = EVENT_TOPICS.map((base) => topicName(config.kafka.topicPrefix, base));
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-replay` }, logger);

  const replayDb = createDataSource(
    { url: config.database.url, schema: replaySchema, poolSize: config.kafka.projectorConcurrency + 2 },
    { applicationName: 'hindsight-replay' },
  );
  await replayDb.initialize();
  const liveDb = createDataSource(
    { url: config.database.url, schema: live, poolSize: 2 },
    { applicationName: 'hindsight-replay-switch' },
  );
  await liveDb.initialize();
  const switcher = new ProjectionSwitchRepository(liveDb);
  try {
    // Keys first, into the live schema: subject_keys is the projection of the subject-keys topic that the
    // api also writes, not a table to swap; on a restored (empty) database this is where the keys come back.
    // The keys touch nothing of the replay schema: they are read while it is migrated (each ~0.3 s on its own).
    const liveKeys = new SubjectKeyRepository(liveDb);
    const catchUpKeys = subjectKeyCatchUpOf(config, logger, liveDb);
    onProgress({ phase: 'keys', applied: 0, target: 0, lag: 0, eventsPerSecond: 0 });
    const [ring] = await allSettledOrThrow([
      (async () => {
        const opened = await openKeyRing(config.keyEncryption, liveDb);
        await catchUpKeys();
        await verifyKeyRing(opened, liveKeys);
        return opened;
      })(),
      runMigrations(replayDb, replaySchema),
    ]);
    const store = new ProjectionStore(replayDb, { plan: planProjection });
    const admin = kafka.admin();
    await admin.connect();
    const start = new Map<string, bigint>();
    const target = new Map<string, bigint>();
    try {
      for (const topic of topics) {
        for (const p of await partitionRanges(admin, topic)) {
          target.set(`${topic}:${p.partition}`, BigInt(p.high));
          start.set(`${topic}:${p.partition}`, BigInt(p.low));
        }
        if (request.fromTime !== undefined) {
          const at = Date.parse(request.fromTime) - (request.marginMs ?? 10 * 60_000);
          for (const p of await partitionOffsetsAt(admin, topic, at))
            start.set(`${topic}:${p.partition}`, BigInt(p.offset));
        }
      }
    } finally {
      await admin.disconnect();
    }

    let seeded = 0;
    if (request.fromTime !== undefined) {
      const before = new Date(Date.parse(request.fromTime)).toISOString();
      await switcher.streamEventsBefore(live, before, 2000, async (rows) => {
        const messages: ConsumedMessage[] = rows.map((r) => ({
          topic: r.kafka_topic,
          partition: r.kafka_partition,
          offset: r.kafka_offset,
          event: r.payload as HindsightEvent,
        }));
        const outcome = await store.commitBatch(`${replayGroup}-seed`, messages);
        seeded += outcome.applied;
        onProgress({ phase: 'seeding', applied: seeded, target: 0, lag: 0, eventsPerSecond: rate(seeded, started) });
      });
      // Start each partition where Kafka's clock says T minus the margin; the envelope's recordedAt decides from there.
      await replayDb.query(
        `INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset)
         SELECT $1, r.topic, r.partition, r.next_offset FROM jsonb_to_recordset($2::jsonb) AS r(topic text, partition int, next_offset bigint)`,
        [
          replayGroup,
          JSON.stringify(
            [...start].map(([k, v]) => ({
              topic: k.slice(0, k.lastIndexOf(':')),
              partition: Number(k.slice(k.lastIndexOf(':') + 1)),
              next_offset: v.toString(),
            })),
          ),
        ],
      );
    }

    const applier = new BatchApplier(
      store,
      undefined,
      topicName(config.kafka.topicPrefix, TOPICS.deadLetter),
      replayGroup,
      logger,
      new EventOpener(liveKeys, ring),
      {
        catchUpKeys,
        missingKey: 'stop',
      },
    );
    /** Why the replay's consumer stopped for good, if it did: the progress loop must not wait for it for ever. */
    let stopped: Error | undefined;
    /** An error that no retry can mend (keys missing from the log, a wrong key-encryption key): the replay ends with it. */
    let failure: Error | undefined;
    /** Wakes the progress loop when a sub-batch is committed: the last one ends the replay then, not at the next poll. */
    const applied = new Wakeup();
    /** Runs one step of applying a sub-batch; an error no retry can mend ends the replay (kafkajs would retry it). */
    const stopOnFatal = async <T>(step: () => Promise<T>): Promise<T> => {
      if (failure) throw failure;
      try {
        return await step();
      } catch (error) {
        if (error instanceof HindsightError && (error.code === 'illegal-state' || error.code === 'configuration')) {
          failure ??= error;
          applied.notify();
        }
        throw error;
      }
    };
    // One consumer per partition applied at once, each reading a fixed share of the partitions in a Kafka group of
    // its own: kafkajs fetches again only when every batch of the last fetch is applied, and with one consumer for
    // all partitions the thread and PostgreSQL idled at each of those barriers (bench/replay/README.md, round 11).
    const lanes = Math.min(config.kafka.projectorConcurrency, target.size);
    const consumers = Array.from(
      { length: lanes },
      (_, index) =>
        new BatchConsumer(kafka, {
          groupId: `${replayGroup}-lane${index}`,
          share: { index, of: lanes },
          topics,
          positions: () => store.storedOffsets(replayGroup),
          // Sub-batch N+1 of a partition is opened and decoded while N commits (BatchConsumer's applyPipelined).
          prepare: (batch) => stopOnFatal(() => applier.prepare(batch)),
          commit: async (prepared) => {
            await stopOnFatal(() => applier.commit(prepared));
            applied.notify();
          },
          onFatal: (error) => {
            stopped ??= error;
            applied.notify();
          },
          // A rebuild is throughput, not latency: fewer, larger transactions (each a fixed ~8 round trips to
          // PostgreSQL).
          maxMessagesPerApply: 5000,
          // kafkajs fetches again only when every batch of a fetch is applied, and kafkajs' defaults (4 MB a
          // partition, 10 MB a fetch) hold one sub-batch of 5,000 or less per partition: nothing to prepare while one
          // commits. 16 MB a partition holds ~3 sub-batches, so the next one of a partition is decoded meanwhile.
          maxBytesPerPartition: 16 * 1024 * 1024,
          maxBytes: 48 * 1024 * 1024,
          // At the end of the log a fetch waits this long for more, and stop() waits for that fetch: at kafkajs'
          // default of 5 s every replay ended with ~5 s of waiting for nothing (while data remains, fetches return at once).
          maxWaitTimeInMs: 100,
          logger,
        }),
    );
    const totalTarget = sum([...target].map(([k, v]) => v - (start.get(k) ?? 0n)));
    const progressOf = async () => {
      const positions = await switcher.positions(replaySchema, replayGroup);
      let done = 0n;
      for (const [k, end] of target) {
        const from = start.get(k) ?? 0n;
        const at = positions.get(k) ?? from;
        done += (at > end ? end : at) - from;
      }
      return { done: Number(done), lag: Number(totalTarget - done) };
    };
    try {
      for (const consumer of consumers)
        void consumer.start().catch((error: unknown) => {
          logger.error({ err: error }, 'replay consumer failed');
          stopped ??= error instanceof Error ? error : new Error(String(error));
          applied.notify();
        });
      for (;;) {
        if (failure) throw failure;
        if (stopped) throw new UnavailableError('kafka', `the replay's consumer stopped: ${stopped.message}`);
        const { done, lag } = await progressOf();
        onProgress({
          phase: 'consuming',
          applied: done,
          target: Number(totalTarget),
          lag,
          eventsPerSecond: rate(applier.stats.events, started),
        });
        if (lag <= 0) break;
        await applied.next(500);
      }
      if (request.noSwitch)
        return {
          replaySchema,
          switched: false,
          seeded,
          events: applier.stats.events,
          seconds: (Date.now() - started) / 1000,
        };
      for (let attempt = 1; ; attempt++) {
        onProgress({
          phase: 'switching',
          applied: Number(totalTarget),
          target: Number(totalTarget),
          lag: 0,
          eventsPerSecond: rate(applier.stats.events, started),
        });
        const outcome = await switcher.switchIn(
          live,
          replaySchema,
          retiredSchema,
          config.kafka.projectorGroupId,
          replayGroup,
        );
        if (outcome.switched) break;
        if (attempt > 120)
          throw new UnavailableError(
            'projector',
            `the replay did not catch up with the live projector on ${outcome.behind.join(', ')}`,
          );
        await sleep(500);
      }
    } finally {
      await Promise.all(consumers.map((consumer) => consumer.stop()));
    }
    await switcher.dropSchema(replaySchema);
    onProgress({
      phase: 'done',
      applied: Number(totalTarget),
      target: Number(totalTarget),
      lag: 0,
      eventsPerSecond: rate(applier.stats.events, started),
    });
    return {
      replaySchema,
      retiredSchema,
      switched: true,
      seeded,
      events: applier.stats.events,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await replayDb.destroy();
    await liveDb.destroy();
  }
}

function sum(values: bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}

function rate(events: number, started: number): number {
  return Math.round(events / Math.max(0.001, (Date.now() - started) / 1000));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Both settled before either's error is thrown: the data sources are closed after, not under a running migration. */
async function allSettledOrThrow<A, B>(work: readonly [Promise<A>, Promise<B>]): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled(work);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}

/**
 * A signal awaited with a timeout: `next(ms)` resolves at the next `notify()` or after `ms`, whichever comes
 * first. A notification while nobody waits is kept for the next wait (it came while the positions were read).
 */
class Wakeup {
  private waiting: (() => void) | undefined;
  private pending = false;

  notify(): void {
    if (this.waiting) this.waiting();
    else this.pending = true;
  }

  next(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiting = done;
    });
  }
}
