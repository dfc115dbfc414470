import { ValidationError } from '@hindsight/contracts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/**
 * Decodes standard padded base64 (RFC 4648 §4).
 *
 * @example new TextDecoder().decode(decodeBase64('Zm9vYmFy')) // 'foobar'
 * @throws ValidationError (at `path`) when the text is not padded base64.
 */
export function decodeBase64(text: string, path = 'base64'): Uint8Array {
  if (text.length % 4 !== 0) throw new ValidationError([{ path, rule: 'decodeBase64: length a multiple of 4' }]);
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let out = 0;
  for (let i = 0; i < text.length; i += 4) {
    let group = 0;
    for (let k = 0; k < 4; k++) {
      const code = text.charCodeAt(i + k);
      const isPad = code === 61 && i + k >= text.length - padding;
      const value = isPad ? 0 : code < 128 ? LOOKUP[code] : -1;
      if (value < 0) throw new ValidationError([{ path, rule: `decodeBase64: invalid character at ${i + k}` }]);
      group = (group << 6) | value;
    }
    if (out < bytes.length) bytes[out++] = (group >> 16) & 255;
    if (out < bytes.length) bytes[out++] = (group >> 8) & 255;
    if (out < bytes.length) bytes[out++] = group & 255;
  }
  return bytes;
}
