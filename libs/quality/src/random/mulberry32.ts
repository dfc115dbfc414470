import { invalidInput } from '../agreement/invalid-input';

/** A source of uniform numbers in [0, 1), like Math.random but seeded and replayable. */
export type Random = () => number;

/**
 * Mulberry32 (Tommy Ettinger, public domain): a tiny 32-bit-state generator,
 * good enough for bootstrap resampling, fully deterministic for a given seed.
 * Each call of the returned function advances the state and yields a number in
 * [0, 1) with 32 bits of resolution.
 *
 * @example
 * const random = mulberry32(42);
 * random(); // same number on every run and every machine
 * @throws ValidationError when the seed is not an integer in [0, 2^32).
 */
export function mulberry32(seed: number): Random {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw invalidInput('mulberry32', 'seed', 'must be an integer in [0, 4294967295]');
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
