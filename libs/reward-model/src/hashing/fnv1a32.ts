/** FNV-1a 32-bit offset basis (Fowler, Noll, Vo). */
export const FNV1A32_OFFSET_BASIS = 0x811c9dc5;

const FNV1A32_PRIME = 0x01000193;

/**
 * FNV-1a, 32 bits, over the UTF-8 bytes of `text[start, end)`, continuing from
 * `seed` (the offset basis by default, so a prefix's hash can seed a family of
 * keys). Lone surrogates are encoded as three bytes (WTF-8), so every string
 * has a hash. Returns an unsigned 32-bit integer, identical on every platform.
 *
 * @example fnv1a32('a') // 0xe40c292c, the published FNV-1a test vector
 * @throws never; out-of-range `start`/`end` are clamped by the loop bounds.
 */
export function fnv1a32(text: string, seed = FNV1A32_OFFSET_BASIS, start = 0, end = text.length): number {
  let hash = seed >>> 0;
  const stop = Math.min(end, text.length);
  for (let i = Math.max(0, start); i < stop; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      hash = Math.imul(hash ^ code, FNV1A32_PRIME);
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < stop) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code < 0x800) {
      hash = Math.imul(hash ^ (0xc0 | (code >> 6)), FNV1A32_PRIME);
    } else if (code < 0x10000) {
      hash = Math.imul(hash ^ (0xe0 | (code >> 12)), FNV1A32_PRIME);
      hash = Math.imul(hash ^ (0x80 | ((code >> 6) & 0x3f)), FNV1A32_PRIME);
    } else {
      hash = Math.imul(hash ^ (0xf0 | (code >> 18)), FNV1A32_PRIME);
      hash = Math.imul(hash ^ (0x80 | ((code >> 12) & 0x3f)), FNV1A32_PRIME);
      hash = Math.imul(hash ^ (0x80 | ((code >> 6) & 0x3f)), FNV1A32_PRIME);
    }
    hash = Math.imul(hash ^ (0x80 | (code & 0x3f)), FNV1A32_PRIME);
  }
  return hash >>> 0;
}
