import type { Admin, Kafka } from 'kafkajs';

export interface PartitionRange {
  readonly partition: number;
  /** The first offset still in the log. */
  readonly low: string;
  /** The offset the next message will get. */
  readonly high: string;
}

/** How long an offset read waits for a partition's leader to be ready before it gives up. */
const LEADER_SETTLING_MS = 15_000;

/** What a broker answers for a moment after a topic is created, or while its leader moves. */
const LEADER_NOT_READY = new Set(['NOT_LEADER_FOR_PARTITION', 'LEADER_NOT_AVAILABLE']);

function isLeaderNotReady(error: unknown): boolean {
  const e = error as { type?: unknown; cause?: { type?: unknown } } | null;
  return LEADER_NOT_READY.has(String(e?.type)) || LEADER_NOT_READY.has(String(e?.cause?.type));
}

/**
 * Runs an offset read of `topic`, again with fresh metadata while a partition's leader is not ready. kafkajs's
 * admin retries such reads only for an unknown topic and gives up at once on "not the leader", which a KRaft
 * broker answers for a moment after it created the topic: a replay or a catch-up started right after
 * `ensureTopics` then failed (seen under load in CI).
 */
export async function readWhileLeadersSettle<T>(
  admin: { fetchTopicMetadata(options: { topics: string[] }): Promise<unknown> },
  topic: string,
  read: () => Promise<T>,
  settlingMs = LEADER_SETTLING_MS,
): Promise<T> {
  const deadline = Date.now() + settlingMs;
  for (let waitMs = 50; ; waitMs = Math.min(waitMs * 2, 1_000)) {
    try {
      return await read();
    } catch (error) {
      if (!isLeaderNotReady(error) || Date.now() + waitMs > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    await admin.fetchTopicMetadata({ topics: [topic] });
  }
}

/** Where each partition of `topic` starts and ends now, through a connected `admin`. */
export async function partitionRanges(admin: Admin, topic: string): Promise<PartitionRange[]> {
  const offsets = await readWhileLeadersSettle(admin, topic, () => admin.fetchTopicOffsets(topic));
  return offsets.map((p) => ({ partition: p.partition, low: p.low, high: p.high }));
}

/** Each partition's first offset at or after `at` (ms since the epoch), or its end when none is. */
export async function partitionOffsetsAt(
  admin: Admin,
  topic: string,
  at: number,
): Promise<{ partition: number; offset: string }[]> {
  const offsets = await readWhileLeadersSettle(admin, topic, () => admin.fetchTopicOffsetsByTimestamp(topic, at));
  return offsets.map((p) => ({ partition: p.partition, offset: p.offset }));
}

/** Where each partition of `topic` starts and ends now. */
export async function topicOffsetRanges(kafka: Kafka, topic: string): Promise<PartitionRange[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await partitionRanges(admin, topic);
  } finally {
    await admin.disconnect();
  }
}
