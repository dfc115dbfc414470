import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/** One of `of` fixed, disjoint shares of a group's topic-partitions: share `index` (0-based). */
export interface PartitionShare {
  readonly index: number;
  readonly of: number;
}

/**
 * A kafkajs assigner that gives a group only its share of the topic-partitions: the topic-partitions sorted by
 * topic then partition, every `of`-th from `index`. Several consumers, each in its own group with its own share,
 * read disjoint partitions with no rebalance between them and fetch independently (kafkajs fetches again only
 * when every batch of the last fetch is handled; one consumer's slow partition no longer holds the others).
 * Members of one group split the share round-robin.
 */
export function partitionShareAssigner(share: PartitionShare): PartitionAssigner {
  if (
    !Number.isInteger(share.of) ||
    share.of < 1 ||
    !Number.isInteger(share.index) ||
    share.index < 0 ||
    share.index >= share.of
  )
    throw new RangeError(`a partition share must be 0 <= index < of (got ${share.index} of ${share.of})`);
  return ({ cluster }) => ({
    name: `PartitionShare${share.index}of${share.of}`,
    version: 1,
    async assign({ members, topics }) {
      const owned = [...topics]
        .sort()
        .flatMap((topic) =>
          cluster
            .findTopicPartitionMetadata(topic)
            .map((m) => m.partitionId)
            .sort((a, b) => a - b)
            .map((partition) => ({ topic, partition })),
        )
        .filter((_, i) => i % share.of === share.index);
      const memberIds = members.map((m) => m.memberId).sort();
      const assignment = new Map<string, Record<string, number[]>>(memberIds.map((id) => [id, {}]));
      owned.forEach(({ topic, partition }, i) => {
        const topics = assignment.get(memberIds[i % memberIds.length])!;
        (topics[topic] ??= []).push(partition);
      });
      return memberIds.map((memberId) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 1,
          assignment: assignment.get(memberId)!,
          userData: Buffer.alloc(0),
        }),
      }));
    },
    protocol({ topics }) {
      return {
        name: `PartitionShare${share.index}of${share.of}`,
        metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }),
      };
    },
  });
}
