import type { Kafka } from 'kafkajs';

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly config: Readonly<Record<string, string>>;
}

/**
 * Creates the missing topics with explicit settings (the brokers run with
 * auto-creation off) and returns the names it created. Existing topics are left
 * as they are: changing partitions of a live keyed topic would reorder keys.
 */
export async function ensureTopics(kafka: Kafka, specs: readonly TopicSpec[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.name));
    if (missing.length === 0) return [];
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({
        topic: s.name,
        numPartitions: s.partitions,
        replicationFactor: s.replicationFactor,
        configEntries: Object.entries(s.config).map(([name, value]) => ({ name, value })),
      })),
    });
    return missing.map((s) => s.name);
  } finally {
    await admin.disconnect();
  }
}

/** Deletes every topic whose name starts with `prefix`; used by test runs to leave nothing behind. */
export async function deleteTopicsWithPrefix(kafka: Kafka, prefix: string): Promise<string[]> {
  if (prefix === '') throw new Error('deleteTopicsWithPrefix: refusing an empty prefix, it would match every topic');
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    return topics;
  } finally {
    await admin.disconnect();
  }
}
