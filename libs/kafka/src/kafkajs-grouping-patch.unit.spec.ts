import fc from 'fast-check';
import type { Message, PartitionMetadata, PartitionerArgs } from 'kafkajs';
import { KeyedPartitioner } from './keyed-partitioner';

// The grouping every kafkajs send goes through, patched by patches/kafkajs+2.2.4.patch (the root package's
// postinstall runs patch-package; kafkajs-patch.unit.spec.ts checks it is installed): linear instead of a copy
// of the partition's array per message.
const GROUPING_FILE = 'kafkajs/src/producer/groupMessagesPerPartition.js';

type GroupMessagesPerPartition = (args: {
  topic: string;
  partitionMetadata: PartitionMetadata[];
  messages: Message[];
  partitioner: (args: PartitionerArgs) => number;
}) => Record<string, Message[]>;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const groupMessagesPerPartition = require(GROUPING_FILE) as GroupMessagesPerPartition;

/** kafkajs 2.2.4's grouping as published: the behaviour the patched one must keep (partition keys and order). */
const publishedGrouping: GroupMessagesPerPartition = ({ topic, partitionMetadata, messages, partitioner }) => {
  if (partitionMetadata.length === 0) return {};
  return messages.reduce<Record<string, Message[]>>((result, message) => {
    const partition = partitioner({ topic, partitionMetadata, message });
    const current = result[partition] || [];
    return Object.assign(result, { [partition]: [...current, message] });
  }, {});
};

const metadata = (partitions: number): PartitionMetadata[] =>
  Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));

/**
 * The publisher's partitioner for keyed messages; keyless ones round robin from partition 0 (kafkajs's own starts
 * at random), so the grouping depends on the order the partitioner is asked in, and is the same for both runs.
 */
function orderSensitivePartitioner(): (args: PartitionerArgs) => number {
  const keyed = KeyedPartitioner();
  let next = 0;
  return (args) => (args.message.key === null ? next++ % args.partitionMetadata.length : keyed(args));
}

/** Records the messages in the order the partitioner was asked about them. */
function recording(partitioner: (args: PartitionerArgs) => number) {
  const asked: Message[] = [];
  return {
    asked,
    partitioner: (args: PartitionerArgs) => {
      asked.push(args.message);
      return partitioner(args);
    },
  };
}

describe('kafkajs groupMessagesPerPartition (patches/kafkajs+2.2.4.patch)', () => {
  it('puts each message under its partition, in sending order, partitions in ascending order', () => {
    const messages: Message[] = ['a', 'b', 'c', 'd', 'e', 'f'].map((value) => ({ value }));
    const partitionOf: Record<string, number> = { a: 4, b: 0, c: 4, d: 11, e: 0, f: 4 };
    const grouped = groupMessagesPerPartition({
      topic: 't',
      partitionMetadata: metadata(12),
      messages,
      partitioner: ({ message }) => partitionOf[message.value as string],
    });
    expect(Object.keys(grouped)).toEqual(['0', '4', '11']);
    expect(grouped[0]).toEqual([messages[1], messages[4]]);
    expect(grouped[4]).toEqual([messages[0], messages[2], messages[5]]);
    expect(grouped[11]).toEqual([messages[3]]);
    expect(grouped[4][0]).toBe(messages[0]);
  });

  it('groups nothing for a topic without partition metadata, as published', () => {
    const grouped = groupMessagesPerPartition({
      topic: 't',
      partitionMetadata: [],
      messages: [{ value: 'a' }],
      partitioner: () => 0,
    });
    expect(grouped).toEqual({});
  });

  it('groups any batch exactly as kafkajs 2.2.4 as published, asking the partitioner once per message in order', () => {
    const batch = fc.record({
      partitions: fc.integer({ min: 1, max: 24 }),
      keys: fc.array(fc.option(fc.string({ maxLength: 12 }), { nil: null }), { maxLength: 400 }),
    });
    fc.assert(
      fc.property(batch, ({ partitions, keys }) => {
        const messages: Message[] = keys.map((key, i) => ({ key, value: String(i) }));
        const partitionMetadata = metadata(partitions);
        const patched = recording(orderSensitivePartitioner());
        const published = recording(orderSensitivePartitioner());
        const ours = groupMessagesPerPartition({ topic: 't', partitionMetadata, messages, ...patched });
        const theirs = publishedGrouping({ topic: 't', partitionMetadata, messages, ...published });
        expect(Object.entries(ours)).toEqual(Object.entries(theirs));
        for (const partition of Object.keys(ours))
          ours[partition].forEach((message, i) => expect(message).toBe(theirs[partition][i]));
        expect(patched.asked).toEqual(messages);
      }),
      { numRuns: 2_000 },
    );
  });
});
