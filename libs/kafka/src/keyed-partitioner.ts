import { Partitioners, type ICustomPartitioner } from 'kafkajs';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * Kafka's murmur2 of `key`'s UTF-8 bytes (a Buffer as it is), as kafkajs's own `murmur2` computes it (Java client
 * 0.10.2), in 32-bit integer arithmetic: kafkajs computes it in 64-bit `Long`s (BigInts), but only the low 32 bits
 * of its products and xors reach the result. An ASCII key is hashed from its characters, with no Buffer.
 *
 * @example murmur2('21') // -973932308, the Java client's value (kafkajs's test vectors)
 */
export function murmur2(key: string | Buffer): number {
  if (typeof key === 'string') {
    const length = key.length;
    for (let i = 0; i < length; i++) if (key.charCodeAt(i) > 0x7f) return murmur2Bytes(Buffer.from(key));
    return murmur2Ascii(key, length);
  }
  return murmur2Bytes(key);
}

function murmur2Ascii(key: string, length: number): number {
  let h = (SEED ^ length) | 0;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k =
      key.charCodeAt(i4) |
      (key.charCodeAt(i4 + 1) << 8) |
      (key.charCodeAt(i4 + 2) << 16) |
      (key.charCodeAt(i4 + 3) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & ~3;
  const rest = length & 3;
  if (rest > 0) {
    if (rest === 3) h ^= key.charCodeAt(tail + 2) << 16;
    if (rest >= 2) h ^= key.charCodeAt(tail + 1) << 8;
    h ^= key.charCodeAt(tail);
    h = Math.imul(h, M);
  }
  return finish(h);
}

function murmur2Bytes(data: Buffer): number {
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = data[i4] | (data[i4 + 1] << 8) | (data[i4 + 2] << 16) | (data[i4 + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & ~3;
  const rest = length & 3;
  if (rest > 0) {
    if (rest === 3) h ^= data[tail + 2] << 16;
    if (rest >= 2) h ^= data[tail + 1] << 8;
    h ^= data[tail];
    h = Math.imul(h, M);
  }
  return finish(h);
}

function finish(hash: number): number {
  let h = hash ^ (hash >>> 13);
  h = Math.imul(h, M);
  return h ^ (h >>> 15);
}

/**
 * kafkajs's `Partitioners.DefaultPartitioner` (Java-compatible: a message's own partition, else murmur2 of its key
 * modulo the topic's partitions, else round robin over the available ones), with the keyed case computed by
 * `murmur2` above: the same partition for every key (`keyed-partitioner.unit.spec.ts` checks it against kafkajs's
 * own partitioner with generated keys), without the 64-bit `Long`s and the per-message list of available
 * partitions kafkajs makes for every message. Messages without a key or partition go to kafkajs's partitioner.
 */
export const KeyedPartitioner: ICustomPartitioner = () => {
  const unkeyed = Partitioners.DefaultPartitioner();
  return (args) => {
    const { message, partitionMetadata } = args;
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key !== null && message.key !== undefined)
      return (murmur2(message.key) & 0x7fffffff) % partitionMetadata.length;
    return unkeyed(args);
  };
};
