import { UUID_V7_PATTERN } from '../envelope/primitives';

/** Largest 48-bit unsigned integer: the last millisecond a UUIDv7 can encode (year 10889). */
export const MAX_UUID_V7_MILLIS = 2 ** 48 - 1;

/**
 * Formats a UUIDv7 (RFC 9562 §5.7) from a Unix time in milliseconds and 10
 * random bytes. Pure: the caller supplies the clock and the randomness (e.g.
 * `formatUuidV7(Date.now(), crypto.randomBytes(10))` in the API), so tests and
 * replays are deterministic.
 *
 * Layout: 48-bit big-endian `unix_ts_ms`, 4-bit version `0111`, 12 bits
 * `rand_a`, 2-bit variant `10`, 62 bits `rand_b`. The random bytes fill
 * octets 6–15; the version nibble overwrites the top 4 bits of the first
 * random byte and the variant the top 2 bits of the third, so 74 of the 80
 * bits are used. Output is lower case.
 *
 * @example formatUuidV7(0x017f22e279b0, Uint8Array.of(0x0c, 0xc3, 0x18, 0xc4, 0xdc, 0x0c, 0x0c, 0x07, 0x39, 0x8f))
 * // '017f22e2-79b0-7cc3-98c4-dc0c0c07398f' (RFC 9562 Appendix A.6)
 * @throws RangeError if `unixMillis` is not an integer in 0..2^48-1 or `randomBytes` is not 10 bytes.
 */
export function formatUuidV7(unixMillis: number, randomBytes: ArrayLike<number>): string {
  if (!Number.isSafeInteger(unixMillis) || unixMillis < 0 || unixMillis > MAX_UUID_V7_MILLIS) {
    throw new RangeError(`formatUuidV7: unixMillis must be an integer in 0..2^48-1, got ${unixMillis}`);
  }
  if (randomBytes.length !== 10) {
    throw new RangeError(`formatUuidV7: randomBytes must be 10 bytes, got ${randomBytes.length}`);
  }
  // Written as hex straight from the numbers (the api formats one id per event): no array of 16 bytes,
  // no string per byte joined and sliced again.
  let hex = '';
  for (let shift = 40; shift >= 0; shift -= 8) {
    hex += HEX[Math.floor(unixMillis / 2 ** shift) % 256];
    if (shift === 16) hex += '-';
  }
  for (let i = 0; i < 10; i += 1) {
    const b = randomBytes[i];
    if (!Number.isInteger(b) || b < 0 || b > 255)
      throw new RangeError(`formatUuidV7: randomBytes[${i}] must be a byte, got ${b}`);
  }
  hex += `-${HEX[0x70 | (randomBytes[0] & 0x0f)]}${HEX[randomBytes[1]]}-${HEX[0x80 | (randomBytes[2] & 0x3f)]}${HEX[randomBytes[3]]}-`;
  for (let i = 4; i < 10; i += 1) hex += HEX[randomBytes[i]];
  return hex;
}

/** The two lower-case hex digits of each byte. */
const HEX: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Is `value` a canonical lower-case UUIDv7? */
export function isUuidV7(value: string): boolean {
  return UUID_V7_PATTERN.test(value);
}

/** The Unix time in milliseconds encoded in a UUIDv7. Throws `RangeError` if `value` is not one. */
export function uuidV7Millis(value: string): number {
  if (!isUuidV7(value)) throw new RangeError(`uuidV7Millis: not a lower-case UUIDv7: ${value}`);
  return parseInt(value.slice(0, 8) + value.slice(9, 13), 16);
}
