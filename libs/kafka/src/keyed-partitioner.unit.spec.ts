import fc from 'fast-check';
import { Partitioners, type PartitionerArgs } from 'kafkajs';
import { KeyedPartitioner, murmur2 } from './keyed-partitioner';

// kafkajs's own murmur2 (not exported from its entry point): the reference the fast one must equal.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (key: string | Buffer) => number;

const metadata = (partitions: number): PartitionerArgs['partitionMetadata'] =>
  Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: partitionId % 3 === 2 ? -1 : 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));

const anyKey = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.uuid().map((id) => `task-${id}`),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
);

describe('murmur2', () => {
  it("equals the Java client's values (kafkajs's test vectors)", () => {
    expect(murmur2('21')).toBe(-973932308);
    expect(murmur2('foobar')).toBe(-790332482);
    expect(murmur2('a-little-bit-long-string')).toBe(-985981536);
    expect(murmur2('a-little-bit-longer-string')).toBe(-1486304829);
    expect(murmur2('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8')).toBe(-58897971);
    expect(murmur2('abc')).toBe(479470107);
  });

  it("equals kafkajs's murmur2 for any key (strings of every kind, lone surrogates, Buffers)", () => {
    fc.assert(
      fc.property(anyKey, (key) => {
        expect(murmur2(key)).toBe(kafkajsMurmur2(key));
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('KeyedPartitioner', () => {
  it("picks the partition kafkajs's DefaultPartitioner picks, for keyed and explicitly placed messages", () => {
    const ours = KeyedPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    fc.assert(
      fc.property(
        anyKey,
        fc.integer({ min: 1, max: 64 }),
        fc.option(fc.nat({ max: 63 }), { nil: undefined }),
        (key, partitions, partition) => {
          const args = {
            topic: 't',
            partitionMetadata: metadata(partitions),
            message: { key, value: 'v', ...(partition === undefined ? {} : { partition }) },
          };
          expect(ours(args)).toBe(theirs(args));
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('sends a message without key or partition round robin over the available partitions, as kafkajs does', () => {
    const ours = KeyedPartitioner();
    const partitionMetadata = metadata(6);
    const picked = Array.from({ length: 12 }, () =>
      ours({ topic: 't', partitionMetadata, message: { key: null, value: 'v' } }),
    );
    const available = partitionMetadata.filter((p) => p.leader >= 0).map((p) => p.partitionId);
    for (const p of picked) expect(available).toContain(p);
    expect(new Set(picked).size).toBe(available.length);
  });
});
