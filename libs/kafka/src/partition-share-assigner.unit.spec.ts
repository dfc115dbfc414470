import fc from 'fast-check';
import { AssignerProtocol, type Cluster } from 'kafkajs';
import { partitionShareAssigner } from './partition-share-assigner';

const clusterOf = (partitions: Record<string, number>): Cluster =>
  ({
    findTopicPartitionMetadata: (topic: string) =>
      // Listed out of order on purpose: a share must not depend on the order the metadata comes in.
      Array.from({ length: partitions[topic] }, (_, i) => ({ partitionId: partitions[topic] - 1 - i })),
  }) as unknown as Cluster;

async function assigned(
  partitions: Record<string, number>,
  index: number,
  of: number,
  memberIds: readonly string[] = ['m'],
): Promise<Map<string, Record<string, number[]>>> {
  const assigner = partitionShareAssigner({ index, of })({
    cluster: clusterOf(partitions),
    groupId: 'g',
    logger: undefined as never,
  });
  const answer = await assigner.assign({
    members: memberIds.map((memberId) => ({ memberId, memberMetadata: Buffer.alloc(0) })),
    topics: Object.keys(partitions),
  });
  return new Map(
    answer.map((a) => [a.memberId, AssignerProtocol.MemberAssignment.decode(a.memberAssignment)!.assignment]),
  );
}

const pairs = (assignment: Record<string, number[]>): string[] =>
  Object.entries(assignment).flatMap(([topic, ps]) => ps.map((p) => `${topic}[${p}]`));

describe('partitionShareAssigner', () => {
  it('gives share i of n every n-th topic-partition from i, topics by name then partitions by number', async () => {
    const parts = { b: 3, a: 3 };
    expect((await assigned(parts, 0, 2)).get('m')).toEqual({ a: [0, 2], b: [1] });
    expect((await assigned(parts, 1, 2)).get('m')).toEqual({ a: [1], b: [0, 2] });
  });

  it('splits the topic-partitions into disjoint shares that together cover them all, whatever the layout', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 12 }), { maxKeys: 5 }),
        fc.integer({ min: 1, max: 8 }),
        async (parts, of) => {
          const shares = await Promise.all(
            Array.from({ length: of }, async (_, i) => pairs((await assigned(parts, i, of)).get('m') ?? {})),
          );
          const all = shares.flat();
          expect(new Set(all).size).toBe(all.length);
          expect(all.length).toBe(Object.values(parts).reduce((a, b) => a + b, 0));
          for (const share of shares) expect(share.length).toBeLessThanOrEqual(Math.ceil(all.length / of));
        },
      ),
    );
  });

  it("splits its share among a group's members round robin, each member named in the answer", async () => {
    const byMember = await assigned({ t: 6 }, 1, 2, ['y', 'x']);
    expect(byMember.get('x')).toEqual({ t: [1, 5] });
    expect(byMember.get('y')).toEqual({ t: [3] });
  });

  it.each([
    [2, 2],
    [-1, 2],
    [0, 0],
    [0.5, 2],
  ])('refuses share %s of %s', (index, of) => {
    expect(() => partitionShareAssigner({ index, of })).toThrow(/a partition share must be 0 <= index < of/);
  });
});
