import { takeRandomBytes } from './random-bytes-pool';

describe('takeRandomBytes', () => {
  it('hands out the requested number of bytes', () => {
    expect(takeRandomBytes(10)).toHaveLength(10);
    expect(takeRandomBytes(1)).toHaveLength(1);
  });

  it('never hands out the same bytes twice, also across pool refills', () => {
    // 20,000 × 12 bytes is 240 KB: about fifteen refills of the 16 KiB pool.
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(takeRandomBytes(12).toString('hex'));
    expect(seen.size).toBe(20_000);
  });

  it('is not all zeros (the pool is filled before the first use)', () => {
    expect(takeRandomBytes(32).equals(Buffer.alloc(32))).toBe(false);
  });

  it('refuses more than the pool holds, naming the limit', () => {
    expect(() => takeRandomBytes(16 * 1024 + 1)).toThrow(/at most 16384 bytes/);
  });
});
