import { ValidationError } from '@hindsight/contracts';

/** A source of uniform numbers in [0, 1), like Math.random but seeded and replayable. */
export type Random = () => number;

const TWO_32 = 2 ** 32;

/**
 * Mulberry32 (Tommy Ettinger, public domain): a tiny 32-bit-state generator,
 * good enough for shuffles, bootstrap resampling and synthetic data, fully
 * deterministic for a given seed; not cryptographic. The platform's one seeded
 * generator. Each call of the returned function advances the state and yields a
 * number in [0, 1) with 32 bits of resolution.
 *
 * Any safe integer is a seed. A seed in [0, 2^32) is the state itself (the
 * classic algorithm); the bits above 32 are mixed in (times the golden-ratio
 * constant 0x9e3779b9), so 2^32 + s and s start different sequences instead of
 * the same one. A 32-bit state cannot keep all 2^53 seeds apart, but no two
 * seeds that differ only above bit 32 collide by construction.
 *
 * @example
 * const random = mulberry32(1);
 * random(); // 0.6270739405881613 on every run and every machine
 * @throws ValidationError naming `seed` when the seed is not a safe integer.
 */
export function mulberry32(seed: number): Random {
  if (!Number.isSafeInteger(seed))
    throw new ValidationError(
      [{ path: 'seed', rule: 'must be a safe integer' }],
      'mulberry32: seed must be a safe integer',
    );
  let state = ((seed >>> 0) ^ Math.imul(Math.floor(seed / TWO_32), 0x9e3779b9)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
