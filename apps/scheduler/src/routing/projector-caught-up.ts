import type { PartitionRange } from '@hindsight/kafka';
import type { PartitionOffset } from '@hindsight/store';

export interface ProjectorCaughtUpDeps {
  /** The topics whose projections routing reads: deployment (interactions), configuration (rules), queues. */
  readonly topics: readonly string[];
  readonly offsetRanges: (topic: string) => Promise<PartitionRange[]>;
  readonly projectorOffsets: () => Promise<PartitionOffset[]>;
  readonly pollMs?: number;
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Waits until the projector's stored offsets reach the ends the topics had when called:
 * the router then reads every rule, interaction, feedback, outcome and queue Kafka held
 * when its batch was fetched. Throws after `timeoutMs` (the batch is retried).
 */
export function projectorCaughtUp(deps: ProjectorCaughtUpDeps): () => Promise<void> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async () => {
    const targets: { key: string; high: bigint }[] = [];
    for (const topic of deps.topics)
      for (const range of await deps.offsetRanges(topic))
        if (BigInt(range.high) > BigInt(range.low))
          targets.push({ key: `${topic}:${range.partition}`, high: BigInt(range.high) });
    const deadline = Date.now() + (deps.timeoutMs ?? 60_000);
    for (;;) {
      const stored = new Map(
        (await deps.projectorOffsets()).map((o) => [`${o.topic}:${o.partition}`, BigInt(o.nextOffset)]),
      );
      const behind = targets.filter((t) => (stored.get(t.key) ?? 0n) < t.high);
      if (behind.length === 0) return;
      if (Date.now() > deadline)
        throw new Error(`routing: the projector has not caught up with ${behind.map((b) => b.key).join(', ')}`);
      await sleep(deps.pollMs ?? 100);
    }
  };
}
