import fc from 'fast-check';

// How every producer writes a record and a batch, patched by patches/kafkajs+2.2.4.patch (kafkajs-patch.unit.spec.ts
// checks it is installed): the record's encoder sized for the record with its headers written into it (as published,
// 512 zeroed bytes per record and per header, then growth), the batch body's encoder sized for its records. The
// bytes must stay those kafkajs 2.2.4 as published writes: the reference below is its record encoder, line for line.

interface KafkaLong {
  readonly value: bigint;
}
interface KafkaEncoder {
  writeInt8(value: number): KafkaEncoder;
  writeVarInt(value: number): KafkaEncoder;
  writeVarLong(value: number | KafkaLong): KafkaEncoder;
  writeVarIntBytes(value: Buffer | string | null): KafkaEncoder;
  writeVarIntString(value: string): KafkaEncoder;
  writeVarIntArray(value: KafkaEncoder[]): KafkaEncoder;
  readonly buffer: Buffer;
}
interface EncoderClass {
  new (): KafkaEncoder;
  sizeOfVarInt(value: number): number;
  sizeOfVarLong(value: number): number;
  sizeOfVarIntBytes(value: Buffer | string | null): number;
}
type Headers = Record<string, Buffer | string | (Buffer | string)[]>;
interface RecordSpec {
  offsetDelta: number;
  timestampDelta: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Headers;
}

/* eslint-disable @typescript-eslint/no-require-imports */
const Encoder = require('kafkajs/src/protocol/encoder') as EncoderClass;
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (spec: RecordSpec) => KafkaEncoder;
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch: (spec: {
    records: KafkaEncoder[];
    lastOffsetDelta: number;
    firstTimestamp: number;
    maxTimestamp: number;
  }) => Promise<KafkaEncoder>;
};
const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (decoder: unknown) => Promise<{
  records: { offset: string; key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer | Buffer[]> }[];
}>;
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => unknown;
/* eslint-enable @typescript-eslint/no-require-imports */

/** kafkajs 2.2.4's record encoder as published (src/protocol/recordBatch/record/v0/index.js and header/v0). */
function publishedRecord({ offsetDelta = 0, timestampDelta = 0, key, value, headers = {} }: RecordSpec): Buffer {
  const headersArray = Object.keys(headers).flatMap((headerKey) => {
    const v = headers[headerKey];
    return !Array.isArray(v)
      ? [{ key: headerKey, value: v }]
      : v.map((headerValue) => ({ key: headerKey, value: headerValue }));
  });
  let sizeOfHeaders = Encoder.sizeOfVarInt(headersArray.length);
  for (const header of headersArray) {
    const keySize = Buffer.byteLength(header.key);
    const valueSize = Buffer.byteLength(header.value);
    sizeOfHeaders += Encoder.sizeOfVarInt(keySize) + keySize + Encoder.sizeOfVarInt(valueSize) + valueSize;
  }
  const sizeOfBody =
    1 +
    Encoder.sizeOfVarLong(timestampDelta) +
    Encoder.sizeOfVarInt(offsetDelta) +
    Encoder.sizeOfVarIntBytes(key) +
    Encoder.sizeOfVarIntBytes(value) +
    sizeOfHeaders;
  return new Encoder()
    .writeVarInt(sizeOfBody)
    .writeInt8(0)
    .writeVarLong(timestampDelta)
    .writeVarInt(offsetDelta)
    .writeVarIntBytes(key)
    .writeVarIntBytes(value)
    .writeVarIntArray(headersArray.map((h) => new Encoder().writeVarIntString(h.key).writeVarIntBytes(h.value))).buffer;
}

const headerValue = fc.oneof(
  fc.uint8Array({ maxLength: 30 }).map((a) => Buffer.from(a)),
  fc.string({ maxLength: 20 }),
);
const headers: fc.Arbitrary<Headers> = fc
  .array(fc.tuple(fc.constantFrom('content-type', 'hindsight-type', 'a', 'é'), headerValue), { maxLength: 6 })
  .map((pairs) => {
    const byKey: Headers = {};
    for (const [k, v] of pairs) {
      const known = byKey[k];
      byKey[k] = known === undefined ? v : [...(Array.isArray(known) ? known : [known]), v];
    }
    return byKey;
  });
const record: fc.Arbitrary<RecordSpec> = fc.record({
  offsetDelta: fc.integer({ min: 0, max: 10_000 }),
  timestampDelta: fc.integer({ min: 0, max: 2 ** 31 }),
  key: fc.option(
    fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)),
    { nil: null },
  ),
  value: fc.option(
    fc.integer({ min: 0, max: 3_000 }).map((n) => Buffer.alloc(n, n % 251)),
    { nil: null },
  ),
  headers,
});

describe('kafkajs record encoding (patches/kafkajs+2.2.4.patch)', () => {
  it('writes every record byte for byte as kafkajs 2.2.4 as published', () => {
    fc.assert(
      fc.property(record, (spec) => {
        expect(Record(spec).buffer.equals(publishedRecord(spec))).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('writes batches whose records read back in order, whatever their sizes (the body sized from them)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 40 }), async (specs) => {
        const batch = await RecordBatch({
          records: specs.map(Record),
          lastOffsetDelta: Math.max(0, specs.length - 1),
          firstTimestamp: 1_765_000_000_000,
          maxTimestamp: 1_765_000_000_000,
        });
        const { records } = await decodeBatch(new Decoder(batch.buffer));
        expect(records.map((r) => r.value)).toEqual(specs.map((s) => s.value));
        expect(records.map((r) => r.key)).toEqual(specs.map((s) => s.key));
        expect(records.map((r) => Object.keys(r.headers))).toEqual(specs.map((s) => Object.keys(s.headers)));
      }),
      { numRuns: 300 },
    );
  });
});
