import type { Random } from './mulberry32';

/**
 * The indices 0..count-1 in an order drawn by a Fisher–Yates shuffle from `random`.
 *
 * @example shuffledIndices(3, mulberry32(1)) // e.g. Uint32Array [2, 0, 1]
 * @throws RangeError (from the typed array) when `count` is negative or not an integer.
 */
export function shuffledIndices(count: number, random: Random): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const held = order[i];
    order[i] = order[j];
    order[j] = held;
  }
  return order;
}
