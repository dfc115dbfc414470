import { formatUuidV7, isUuidV7, MAX_UUID_V7_MILLIS, uuidV7Millis } from '../index';

describe('formatUuidV7', () => {
  // RFC 9562, Appendix A.6 "Example of a UUIDv7 Value": unix_ts_ms 0x017F22E279B0
  // (Tuesday, February 22, 2022 2:22:22.00 PM GMT-05:00), ver 0x7, rand_a 0xCC3,
  // var 0b10, rand_b 0b01 + 0x8C4DC0C0C07398F → 017F22E2-79B0-7CC3-98C4-DC0C0C07398F.
  it('reproduces the RFC 9562 Appendix A.6 test vector', () => {
    const random = Uint8Array.of(0x0c, 0xc3, 0x18, 0xc4, 0xdc, 0x0c, 0x0c, 0x07, 0x39, 0x8f);
    const id = formatUuidV7(0x017f22e279b0, random);
    expect(id.toUpperCase()).toBe('017F22E2-79B0-7CC3-98C4-DC0C0C07398F');
    expect(id).toBe('017f22e2-79b0-7cc3-98c4-dc0c0c07398f');
    expect(0x017f22e279b0).toBe(1645557742000);
    expect(uuidV7Millis(id)).toBe(1645557742000);
  });

  it('overwrites version and variant bits whatever the random bytes', () => {
    expect(formatUuidV7(0, new Array(10).fill(0xff))).toBe('00000000-0000-7fff-bfff-ffffffffffff');
    expect(formatUuidV7(MAX_UUID_V7_MILLIS, new Array(10).fill(0))).toBe('ffffffff-ffff-7000-8000-000000000000');
    expect(isUuidV7(formatUuidV7(1, new Array(10).fill(0x5a)))).toBe(true);
  });

  it('writes each octet where RFC 9562 puts it, for generated times and random bytes', () => {
    // The layout spelled out octet by octet, independently of how formatUuidV7 writes its hex.
    const reference = (ms: number, r: number[]) => {
      const octets = [...Array.from({ length: 6 }, (_, i) => Math.floor(ms / 2 ** (8 * (5 - i))) % 256), ...r];
      octets[6] = 0x70 | (octets[6] & 0x0f);
      octets[8] = 0x80 | (octets[8] & 0x3f);
      const hex = octets.map((o) => o.toString(16).padStart(2, '0')).join('');
      return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
    };
    let seed = 17;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let n = 0; n < 5000; n += 1) {
      const ms = n < 3 ? [0, 1, MAX_UUID_V7_MILLIS][n] : (next() % 65536) * 2 ** 32 + next();
      const random = Array.from({ length: 10 }, () => next() % 256);
      const id = formatUuidV7(ms, Uint8Array.from(random));
      expect(id).toBe(reference(ms, random));
      expect(uuidV7Millis(id)).toBe(ms);
    }
  });

  it('sorts by time as strings', () => {
    const random = new Array(10).fill(0xff);
    const zero = new Array(10).fill(0);
    expect(formatUuidV7(1000, random) < formatUuidV7(1001, zero)).toBe(true);
  });

  it('guards its inputs, naming the function', () => {
    expect(() => formatUuidV7(-1, new Array(10).fill(0))).toThrow(/formatUuidV7: unixMillis/);
    expect(() => formatUuidV7(2 ** 48, new Array(10).fill(0))).toThrow(RangeError);
    expect(() => formatUuidV7(1.5, new Array(10).fill(0))).toThrow(RangeError);
    expect(() => formatUuidV7(0, new Array(9).fill(0))).toThrow(/randomBytes must be 10 bytes/);
    expect(() => formatUuidV7(0, [256, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toThrow(/randomBytes\[0\] must be a byte/);
    expect(() => uuidV7Millis('017f22e2-79b0-4cc3-98c4-dc0c0c07398f')).toThrow(/uuidV7Millis/);
  });
});
