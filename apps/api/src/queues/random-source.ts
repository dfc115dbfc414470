import { randomBytes, randomInt } from 'node:crypto';

/** Randomness comes in through a port so tests can pin the orders and ids handed out. */
export abstract class RandomSource {
  /** A uniformly distributed integer in [0, bound). */
  abstract int(bound: number): number;
  /** `length` random bytes (for the random part of UUIDv7 ids). */
  abstract bytes(length: number): Uint8Array;
}

/** The default: node's CSPRNG. */
export class CryptoRandomSource extends RandomSource {
  int(bound: number): number {
    return randomInt(bound);
  }

  bytes(length: number): Uint8Array {
    return randomBytes(length);
  }
}
