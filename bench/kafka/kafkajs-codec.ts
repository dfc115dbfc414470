import { join } from 'node:path';

/** A message as the api hands it to kafkajs (EventPublisher's OutgoingMessage without the topic). */
export interface CodecMessage {
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** A record as the consumer's fetch decoder returns it (the fields the bench compares). */
export interface DecodedRecord {
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, Buffer | Buffer[]>;
}

/** One kafkajs copy's record-batch encoding and fetch decoding, loaded from its own files. */
export interface KafkajsCodec {
  readonly root: string;
  /**
   * The record batch a producer writes for one partition, as produce v3+'s partition encoder builds it (every
   * message spread into a Record with its offset delta, then RecordBatch): idempotent (producer id, epoch,
   * sequence), uncompressed, every message stamped `timestamp`. The batch's first offset is `firstOffset`, as the
   * broker rewrites it before a consumer reads it.
   */
  encodeBatch(messages: readonly CodecMessage[], timestamp: number, firstOffset: number): Promise<Buffer>;
  /** The records of a fetch response's partition holding `batches`, through the decoder the consumer uses. */
  decodeFetch(messageSet: Buffer): Promise<DecodedRecord[]>;
}

interface KafkaEncoder {
  readonly buffer: Buffer;
}
interface Long {
  readonly value: bigint;
}

/** The record-batch bytes of a fetch response's partition: their size, then the batches one after the other. */
export function fetchMessageSet(batches: readonly Buffer[]): Buffer {
  const size = Buffer.alloc(4);
  let bytes = 0;
  for (const batch of batches) bytes += batch.length;
  size.writeInt32BE(bytes);
  return Buffer.concat([size, ...batches]);
}

/** The codec of the kafkajs package at `root` (its package folder); each copy's modules load only its own files. */
export function loadKafkajsCodec(root: string): KafkajsCodec {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const load = (path: string): unknown => require(join(root, 'src', path));
  const Record = load('protocol/recordBatch/record/v0') as (spec: object) => KafkaEncoder;
  const { RecordBatch } = load('protocol/recordBatch/v0') as { RecordBatch: (spec: object) => Promise<KafkaEncoder> };
  const Decoder = load('protocol/decoder') as new (buffer: Buffer) => unknown;
  const decodeMessages = load('protocol/requests/fetch/v4/decodeMessages') as (
    decoder: unknown,
  ) => Promise<DecodedRecord[]>;
  const Long = load('utils/long') as { fromValue(value: string | number): Long };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const producerId = Long.fromValue('4000');

  return {
    root,
    async encodeBatch(messages, timestamp, firstOffset) {
      // As kafkajs's produce request (src/protocol/requests/produce/v3/request.js, partitionsEncoder) builds it.
      // The api's messages carry no timestamp: every record gets the send's Date.now(), a delta of 0.
      const records = messages.map((message, i) => Record({ ...message, offsetDelta: i, timestampDelta: 0 }));
      const batch = await RecordBatch({
        compression: 0,
        records,
        firstTimestamp: timestamp,
        maxTimestamp: timestamp,
        producerId,
        producerEpoch: 0,
        firstSequence: firstOffset,
        transactional: false,
        lastOffsetDelta: records.length - 1,
      });
      const bytes = batch.buffer;
      bytes.writeBigInt64BE(BigInt(firstOffset), 0);
      return bytes;
    },
    decodeFetch(messageSet) {
      return decodeMessages(new Decoder(messageSet));
    },
  };
}
