import fc from 'fast-check';

// How every consumer reads a record, patched by patches/kafkajs+2.2.4.patch (kafkajs-patch.unit.spec.ts checks it is
// installed): headers gathered into one object instead of a spread copy per header, the batch's first offset and
// timestamp parsed once per batch, a short varlong read without a BigInt per byte. The cases below hold for kafkajs
// 2.2.4 as published too: the patch changes what a record costs, not what it is.

interface KafkaLong {
  readonly value: bigint;
  toString(): string;
}
interface KafkaEncoder {
  writeInt8(value: number): KafkaEncoder;
  writeVarInt(value: number): KafkaEncoder;
  writeVarLong(value: KafkaLong): KafkaEncoder;
  writeVarIntBytes(value: Buffer | null): KafkaEncoder;
  writeVarIntString(value: string): KafkaEncoder;
  readonly buffer: Buffer;
}
interface KafkaDecoder {
  readVarLong(): KafkaLong;
  offset: number;
}
interface DecodedRecord {
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, Buffer | Buffer[]>;
}
type BatchContext = { firstOffset: string; firstTimestamp: string; timestampType?: number; maxTimestamp?: string };

/* eslint-disable @typescript-eslint/no-require-imports */
const Encoder = require('kafkajs/src/protocol/encoder') as new () => KafkaEncoder;
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => KafkaDecoder;
const Long = require('kafkajs/src/utils/long') as { fromValue(value: bigint | string | number): KafkaLong };
const decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder') as (
  decoder: KafkaDecoder,
  context: BatchContext,
) => DecodedRecord;
/* eslint-enable @typescript-eslint/no-require-imports */

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** One record's bytes as Kafka's v2 record format lays them out (the record decoder reads from its attributes on). */
function recordBytes(r: {
  timestampDelta: bigint;
  offsetDelta: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: readonly (readonly [string, Buffer])[];
}): Buffer {
  const encoder = new Encoder()
    .writeInt8(0)
    .writeVarLong(Long.fromValue(r.timestampDelta))
    .writeVarInt(r.offsetDelta)
    .writeVarIntBytes(r.key)
    .writeVarIntBytes(r.value)
    .writeVarInt(r.headers.length);
  for (const [key, value] of r.headers) encoder.writeVarIntString(key).writeVarIntBytes(value);
  return encoder.buffer;
}

/** The headers as kafkajs 2.2.4 publishes them: keys in first-seen order, a repeated key's values in an array. */
function expectedHeaders(headers: readonly (readonly [string, Buffer])[]): Map<string, Buffer[]> {
  const byKey = new Map<string, Buffer[]>();
  for (const [key, value] of headers) byKey.set(key, [...(byKey.get(key) ?? []), value]);
  return byKey;
}

const bytes = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a));
const headerKey = fc.oneof(fc.constantFrom('content-type', 'hindsight-type', 'a', 'b'), fc.string({ maxLength: 8 }));
// Keys an object inherits (`toString`, `__proto__`) behave oddly in kafkajs as published; the patch keeps that
// behaviour (checked against the published file when the patch was made), these cases keep to plain names.
const plainHeaderKey = headerKey.filter((k) => !(k in {}));

describe('kafkajs record decoding (patches/kafkajs+2.2.4.patch)', () => {
  it('reads back any record: offset and timestamp from the batch base, key, value and headers', () => {
    const record = fc.record({
      firstOffset: fc.bigInt({ min: 0n, max: 2n ** 62n }),
      firstTimestamp: fc.bigInt({ min: 0n, max: 2n ** 50n }),
      timestampDelta: fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n }),
      offsetDelta: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      key: fc.option(bytes, { nil: null }),
      value: fc.option(bytes, { nil: null }),
      headers: fc.array(fc.tuple(plainHeaderKey, bytes), { maxLength: 8 }),
    });
    fc.assert(
      fc.property(record, (r) => {
        const context = { firstOffset: String(r.firstOffset), firstTimestamp: String(r.firstTimestamp) };
        const decoded = decodeRecord(new Decoder(recordBytes(r)), context);
        expect(decoded.offset).toBe(String(r.firstOffset + BigInt(r.offsetDelta)));
        expect(decoded.timestamp).toBe(String(r.firstTimestamp + r.timestampDelta));
        expect(decoded.key).toEqual(r.key);
        expect(decoded.value).toEqual(r.value);
        const expected = expectedHeaders(r.headers);
        // In first-seen order, as an object orders its keys (integer-like ones first).
        const order = Object.keys(Object.fromEntries([...expected.keys()].map((k) => [k, 0])));
        expect(Object.keys(decoded.headers)).toEqual(order);
        for (const [key, values] of expected)
          expect(decoded.headers[key]).toEqual(values.length === 1 ? values[0] : values);
      }),
      { numRuns: 2_000 },
    );
  });

  it('takes each record of a batch from that batch: a context reused with another base is read anew', () => {
    const bytesOf = recordBytes({ timestampDelta: 5n, offsetDelta: 2, key: null, value: null, headers: [] });
    const context = { firstOffset: '100', firstTimestamp: '1000' };
    expect(decodeRecord(new Decoder(bytesOf), context)).toMatchObject({ offset: '102', timestamp: '1005' });
    context.firstOffset = '200';
    context.firstTimestamp = '2000';
    expect(decodeRecord(new Decoder(bytesOf), context)).toMatchObject({ offset: '202', timestamp: '2005' });
  });

  it('uses the batch maximum timestamp under log-append time (kafkajs TimestampTypes.LOG_APPEND_TIME = 1)', () => {
    const bytesOf = recordBytes({ timestampDelta: 5n, offsetDelta: 0, key: null, value: null, headers: [] });
    const context = { firstOffset: '7', firstTimestamp: '1000', timestampType: 1, maxTimestamp: '9999' };
    expect(decodeRecord(new Decoder(bytesOf), context)).toMatchObject({ offset: '7', timestamp: '9999' });
  });

  it('reads any varlong of the int64 range, one to ten bytes, and stops right after it', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.bigInt({ min: INT64_MIN, max: INT64_MAX }), fc.bigInt({ min: -(2n ** 50n), max: 2n ** 50n })),
        fc.uint8Array({ maxLength: 3 }),
        (value, trailing) => {
          const encoded = new Encoder().writeVarLong(Long.fromValue(value)).buffer;
          const decoder = new Decoder(Buffer.concat([encoded, Buffer.from(trailing)]));
          expect(decoder.readVarLong().value).toBe(value);
          expect(decoder.offset).toBe(encoded.length);
        },
      ),
      { numRuns: 5_000 },
    );
    for (const edge of [0n, -1n, 2n ** 48n - 1n, -(2n ** 48n), 2n ** 48n, INT64_MIN, INT64_MAX]) {
      const decoder = new Decoder(new Encoder().writeVarLong(Long.fromValue(edge)).buffer);
      expect(decoder.readVarLong().value).toBe(edge);
    }
  });
});
