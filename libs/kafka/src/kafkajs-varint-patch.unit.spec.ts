import fc from 'fast-check';

// Every varint and varlong kafkajs writes (record lengths, deltas, key, value and header sizes), patched by
// patches/kafkajs+2.2.4.patch (kafkajs-patch.unit.spec.ts checks it is installed): written in place instead of through
// an array and a Buffer per varint, and a varlong that is a small number without 64-bit Long arithmetic. The bytes
// must stay those kafkajs 2.2.4 as published writes: the references below are its loops, on BigInts for 64 bits.

interface KafkaEncoder {
  writeVarInt(value: number): KafkaEncoder;
  writeUVarInt(value: number): KafkaEncoder;
  writeVarLong(value: number | string): KafkaEncoder;
  writeInt8(value: number): KafkaEncoder;
  readonly buffer: Buffer;
}
interface EncoderClass {
  new (initialSize?: number): KafkaEncoder;
  sizeOfVarInt(value: number): number;
  sizeOfVarLong(value: number | string): number;
}
interface KafkaDecoder {
  readVarInt(): number;
  readVarLong(): { toString(): string };
}

/* eslint-disable @typescript-eslint/no-require-imports */
const Encoder = require('kafkajs/src/protocol/encoder') as EncoderClass;
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => KafkaDecoder;
/* eslint-enable @typescript-eslint/no-require-imports */

/** kafkajs 2.2.4's writeUVarInt as published: 32-bit, unsigned shifts. */
function publishedUVarInt(value: number): Buffer {
  const byteArray: number[] = [];
  while ((value & 0xffffff80) !== 0) {
    byteArray.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  byteArray.push(value & 0x7f);
  return Buffer.from(byteArray);
}

/** kafkajs 2.2.4's writeVarInt as published: the 32-bit zigzag, then writeUVarInt. */
const publishedVarInt = (value: number): Buffer => publishedUVarInt((value << 1) ^ (value >> 31));

/** kafkajs 2.2.4's writeVarLong as published (Long is a BigInt there): the 64-bit zigzag, 7 bits at a time. */
function publishedVarLong(value: number | string): Buffer {
  const v = BigInt.asIntN(64, BigInt(value));
  let long = BigInt.asIntN(64, (v << 1n) ^ (v >> 63n));
  const byteArray: number[] = [];
  while ((long & 0xffffffffffffff80n) !== 0n) {
    byteArray.push(Number((long & 0x7fn) | 0x80n));
    long = BigInt.asUintN(64, long) >> 7n;
  }
  byteArray.push(Number(long));
  return Buffer.from(byteArray);
}

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
/** Around the fast path's edges (32-bit integers: ±2^31), 2^30 and the safe integers' ends, and anything between. */
const varLongNumbers = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    1,
    2 ** 30 - 1,
    2 ** 30,
    -(2 ** 30),
    -(2 ** 30) - 1,
    2 ** 31 - 1,
    2 ** 31,
    -(2 ** 31),
    2 ** 53 - 1,
    -(2 ** 53) + 1,
  ),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.maxSafeInteger(),
);

describe('kafkajs varints as patched by patches/kafkajs+2.2.4.patch', () => {
  it('writes every 32-bit varint and unsigned varint as published', () => {
    fc.assert(
      fc.property(int32, (value) => {
        expect(new Encoder().writeVarInt(value).buffer).toEqual(publishedVarInt(value));
        expect(new Encoder().writeUVarInt(value).buffer).toEqual(publishedUVarInt(value));
        expect(Encoder.sizeOfVarInt(value)).toBe(publishedVarInt(value).length);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes every varlong, a number or a numeric string, as published, with the size it says', () => {
    fc.assert(
      fc.property(varLongNumbers, fc.boolean(), (value, asString) => {
        const given = asString ? String(value) : value;
        const written = new Encoder().writeVarLong(given).buffer;
        expect(written).toEqual(publishedVarLong(value));
        expect(Encoder.sizeOfVarLong(given)).toBe(written.length);
        expect(new Decoder(written).readVarLong().toString()).toBe(String(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('grows an encoder that is full, and writes after what is there, for every varint size (1 to 5 bytes)', () => {
    for (const value of [0, 200, 20_000, 2_000_000, 2 ** 31 - 1, -1]) {
      // One byte of room: every larger varint must grow the buffer, keeping the byte before it.
      const encoder = new Encoder(1).writeInt8(7).writeVarInt(value).writeVarLong(value);
      expect(encoder.buffer).toEqual(
        Buffer.concat([Buffer.from([7]), publishedVarInt(value), publishedVarLong(value)]),
      );
      const decoder = new Decoder(encoder.buffer.subarray(1));
      expect(decoder.readVarInt()).toBe(value);
    }
  });
});
