import { fnv1a32 } from './fnv1a32';
import { fnv1a32Uint32 } from './fnv1a32-uint32';

// Test vectors from the FNV reference test suite (Landon Curt Noll, test_fnv.c,
// "FNV-1a 32 bit" column): http://www.isthe.com/chongo/tech/comp/fnv/
describe('fnv1a32', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('hashes %j to the published FNV-1a value', (text, expected) => {
    expect(fnv1a32(text)).toBe(expected);
  });

  it('hashes a substring range like the substring itself', () => {
    expect(fnv1a32('xxfoobaryy', undefined, 2, 8)).toBe(fnv1a32('foobar'));
  });

  it('hashes non-ASCII text as its UTF-8 bytes', () => {
    // 'é' is U+00E9, UTF-8 0xC3 0xA9; '😀' is U+1F600, UTF-8 F0 9F 98 80.
    const bytesOf = (text: string) => Array.from(Buffer.from(text, 'utf8'));
    const reference = (bytes: number[]) => bytes.reduce((h, b) => Math.imul(h ^ b, 0x01000193) >>> 0, 0x811c9dc5);
    expect(fnv1a32('café')).toBe(reference(bytesOf('café')));
    expect(fnv1a32('a😀b')).toBe(reference(bytesOf('a😀b')));
  });

  it('combines integers byte by byte', () => {
    // Four bytes 0x61 0x00 0x00 0x00 continue the hash exactly like 'a' then three NULs.
    expect(fnv1a32Uint32(0x811c9dc5, 0x61)).toBe(fnv1a32('a\u0000\u0000\u0000'));
  });
});
