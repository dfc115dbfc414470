import { ValidationError } from '@hindsight/contracts';

/** A seeded source of uniform numbers in [0, 1). */
export type SeededRandom = () => number;

/**
 * Mulberry32 (Tommy Ettinger's 32-bit generator): a small, fast PRNG whose
 * sequence depends only on the seed, so shuffles and synthetic data are
 * reproducible. Not cryptographic.
 *
 * @example const random = createSeededRandom(42); random(); // same number on every run
 * @throws ValidationError when `seed` is not a safe integer.
 */
export function createSeededRandom(seed: number): SeededRandom {
  if (!Number.isSafeInteger(seed)) {
    throw new ValidationError([{ path: 'seed', rule: 'createSeededRandom: must be a safe integer' }]);
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
