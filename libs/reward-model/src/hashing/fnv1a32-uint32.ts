const FNV1A32_PRIME = 0x01000193;

/**
 * Continues an FNV-1a 32-bit hash over the four little-endian bytes of `value`;
 * used to combine word hashes into n-gram hashes without building strings.
 *
 * @example fnv1a32Uint32(fnv1a32('w2:'), fnv1a32('hello'))
 * @throws never.
 */
export function fnv1a32Uint32(seed: number, value: number): number {
  let hash = seed >>> 0;
  hash = Math.imul(hash ^ (value & 0xff), FNV1A32_PRIME);
  hash = Math.imul(hash ^ ((value >>> 8) & 0xff), FNV1A32_PRIME);
  hash = Math.imul(hash ^ ((value >>> 16) & 0xff), FNV1A32_PRIME);
  hash = Math.imul(hash ^ (value >>> 24), FNV1A32_PRIME);
  return hash >>> 0;
}
