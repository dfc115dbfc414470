/**
 * MurmurHash3's 32-bit finaliser (Appleby): an invertible avalanche step applied
 * to an FNV-1a hash before its low bits pick a feature slot and its top bit a sign.
 *
 * @example fmix32(0) // 0
 * @throws never.
 */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
