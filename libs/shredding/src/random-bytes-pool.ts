import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 16 * 1024;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

/**
 * `n` bytes from the operating system's CSPRNG, drawn from a pool refilled 16 KiB
 * at a time: the api takes 22 random bytes per event (UUIDv7 and the AES-GCM IV),
 * and a `randomBytes` call each was a system call plus a Buffer per event. No byte
 * is handed out twice. The returned view is overwritten by a later refill: use it
 * at once (as an IV or to format an id) or copy it.
 */
export function takeRandomBytes(n: number): Buffer {
  if (n > POOL_BYTES) throw new RangeError(`takeRandomBytes: at most ${POOL_BYTES} bytes at a time (asked for ${n})`);
  if (offset + n > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + n);
  offset += n;
  return bytes;
}
