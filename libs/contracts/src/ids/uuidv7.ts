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
  for (let i = 0; i < 10; i += 1) {
    const b = randomBytes[i];
    if (!Number.isInteger(b) || b < 0 || b > 255)
      throw new RangeError(`formatUuidV7: randomBytes[${i}] must be a byte, got ${b}`);
  }
  // The 36 character codes are written into one array and made a string in one call (the api formats one id
  // per event): a string built piece by piece is a chain V8 flattens again wherever the id is serialised.
  let at = 0;
  const put = (byte: number) => {
    CODES[at++] = HEX_DIGITS[byte >> 4];
    CODES[at++] = HEX_DIGITS[byte & 0x0f];
  };
  const high = Math.floor(unixMillis / 0x10000); // the top 32 of the 48 bits
  const low = unixMillis % 0x10000;
  put(high >>> 24);
  put((high >>> 16) & 0xff);
  put((high >>> 8) & 0xff);
  put(high & 0xff);
  CODES[at++] = DASH;
  put(low >> 8);
  put(low & 0xff);
  CODES[at++] = DASH;
  put(0x70 | (randomBytes[0] & 0x0f));
  put(randomBytes[1]);
  CODES[at++] = DASH;
  put(0x80 | (randomBytes[2] & 0x3f));
  put(randomBytes[3]);
  CODES[at++] = DASH;
  for (let i = 4; i < 10; i += 1) put(randomBytes[i]);
  return String.fromCharCode(...CODES);
}

/** Character codes of the lower-case hex digits. */
const HEX_DIGITS: readonly number[] = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DASH = 0x2d;
/** The id being formatted, as character codes (formatting is synchronous: one array serves every call). */
const CODES: number[] = new Array<number>(36).fill(0);

/** Is `value` a canonical lower-case UUIDv7? */
export function isUuidV7(value: string): boolean {
  return UUID_V7_PATTERN.test(value);
}

/** The Unix time in milliseconds encoded in a UUIDv7. Throws `RangeError` if `value` is not one. */
export function uuidV7Millis(value: string): number {
  if (!isUuidV7(value)) throw new RangeError(`uuidV7Millis: not a lower-case UUIDv7: ${value}`);
  return parseInt(value.slice(0, 8) + value.slice(9, 13), 16);
}
