import { randomBytes } from 'node:crypto';
import { kekIdOf } from './key-ring';
import { unwrapDataKey, wrapDataKey, WRAPPED_KEY_BYTES } from './wrap-data-key';

describe('wrapDataKey / unwrapDataKey (AES-256-GCM key wrap)', () => {
  const kekKey = randomBytes(32);
  const kek = { id: kekIdOf(kekKey), key: kekKey };
  const owner = { tenant: 'acme', kind: 'rater', id: 'r1' };

  it('round-trips a data key, and the wrapping does not contain it', () => {
    const dataKey = randomBytes(32);
    const wrapped = wrapDataKey(dataKey, kek, owner);
    expect(wrapped).toHaveLength(WRAPPED_KEY_BYTES);
    expect(wrapped.includes(dataKey)).toBe(false);
    expect(unwrapDataKey(wrapped, kek, owner).equals(dataKey)).toBe(true);
  });

  it('hands back a key in memory of its own, not a slice of the shared 8 KiB buffer pool', () => {
    // A cached slice of the pool keeps the whole 8 KiB slab alive: the sealer caches a key per subject.
    const dataKey = randomBytes(32);
    const unwrapped = unwrapDataKey(wrapDataKey(dataKey, kek, owner), kek, owner);
    expect(unwrapped.equals(dataKey)).toBe(true);
    expect(unwrapped.byteOffset).toBe(0);
    expect(unwrapped.buffer.byteLength).toBe(32);
  });

  it('wraps the same key differently each time (a fresh IV)', () => {
    const dataKey = randomBytes(32);
    expect(wrapDataKey(dataKey, kek, owner).equals(wrapDataKey(dataKey, kek, owner))).toBe(false);
  });

  it('refuses another key-encryption key, another owner, and altered bytes', () => {
    const wrapped = wrapDataKey(randomBytes(32), kek, owner);
    const other = randomBytes(32);
    expect(() => unwrapDataKey(wrapped, { id: kekIdOf(other), key: other }, owner)).toThrow();
    expect(() => unwrapDataKey(wrapped, kek, { ...owner, id: 'r2' })).toThrow();
    expect(() => unwrapDataKey(wrapped, kek, { ...owner, tenant: 'other' })).toThrow();
    const altered = Buffer.from(wrapped);
    altered[20] ^= 1;
    expect(() => unwrapDataKey(altered, kek, owner)).toThrow();
  });

  it('names the function and the size when a key has the wrong length', () => {
    expect(() => wrapDataKey(randomBytes(16), kek, owner)).toThrow(/wrapDataKey: a data key is 32 bytes \(got 16\)/);
    expect(() => unwrapDataKey(randomBytes(10), kek, owner)).toThrow(/unwrapDataKey: a wrapped key is 60 bytes/);
  });
});

describe('kekIdOf', () => {
  it('is stable for a key and differs between keys', () => {
    const key = randomBytes(32);
    expect(kekIdOf(key)).toBe(kekIdOf(Buffer.from(key)));
    expect(kekIdOf(key)).toMatch(/^kek-[0-9a-f]{16}$/);
    expect(kekIdOf(randomBytes(32))).not.toBe(kekIdOf(key));
  });
});
