import type { PlatformConfig } from '@hindsight/config';
import { IllegalStateError, UnavailableError } from '@hindsight/contracts';
import {
  createKafka,
  messagesBehind,
  partitionRanges,
  type PartitionRange,
  type StoredPosition,
} from '@hindsight/kafka';

export interface ProjectorCatchUp {
  readonly config: PlatformConfig;
  /** Full topic names. */
  readonly topics: readonly string[];
  /** The projector group's stored positions (its offsets, committed in PostgreSQL with its writes). */
  readonly positions: () => Promise<readonly StoredPosition[]>;
  /** How long to wait before refusing; 0 checks once. */
  readonly waitMs: number;
  /** Why the command needs it, for the refusal. */
  readonly because: string;
  readonly progress: (line: string) => void;
  readonly pollMs?: number;
}

/**
 * Waits until the projector has applied every message `topics` held when it was called: a command that reads the
 * event store to learn what was published (`records backfill`) would otherwise take events still on their way for
 * missing ones. Refuses with the number of messages left once `waitMs` has passed.
 */
export async function awaitProjectorCaughtUp(o: ProjectorCatchUp): Promise<void> {
  const ends = await topicEnds(o.config, o.topics);
  const group = o.config.kafka.projectorGroupId;
  const started = Date.now();
  let told = 0;
  for (;;) {
    const positions = await o.positions();
    const behind = o.topics.reduce((n, topic) => n + messagesBehind(ends.get(topic) ?? [], positions, topic), 0);
    if (behind === 0) return;
    const waited = Date.now() - started;
    if (waited >= o.waitMs)
      throw new IllegalStateError(
        `the projector (group ${group}) has not applied ${behind} messages of ${o.topics.join(', ')} yet ` +
          `(waited ${Math.round(waited / 1000)} s); ${o.because}: start the projector, or give it longer with --projector-wait <seconds>`,
      );
    if (told === 0 || Date.now() - told >= 5_000) {
      o.progress(`waiting for the projector (group ${group}) to apply ${behind} messages of ${o.topics.join(', ')}`);
      told = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, o.pollMs ?? 250));
  }
}

async function topicEnds(config: PlatformConfig, topics: readonly string[]): Promise<Map<string, PartitionRange[]>> {
  const admin = createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-cli` }).admin();
  try {
    await admin.connect();
    // A topic not created yet holds nothing to wait for.
    const existing = new Set(await admin.listTopics());
    const ends = new Map<string, PartitionRange[]>();
    for (const topic of topics) if (existing.has(topic)) ends.set(topic, await partitionRanges(admin, topic));
    return ends;
  } catch (error) {
    throw new UnavailableError('kafka', `reading the ends of ${topics.join(', ')}: ${(error as Error).message}`);
  } finally {
    await admin.disconnect();
  }
}
