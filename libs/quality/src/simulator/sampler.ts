import { mulberry32 } from '@hindsight/reward-model';

/** A seeded sampler: uniform, normal, integers, choices; deterministic for a seed. */
export interface Sampler {
  /** uniform in [0, 1) */
  readonly next: () => number;
  /** standard normal (Box–Muller) */
  readonly normal: () => number;
  /** integer in [0, n) */
  readonly int: (n: number) => number;
  /** uniform in [lo, hi) */
  readonly between: (lo: number, hi: number) => number;
  readonly pick: <T>(items: readonly T[]) => T;
  /** Fisher–Yates, in place */
  readonly shuffle: <T>(items: T[]) => T[];
}

/**
 * Builds a seeded sampler on the library's Mulberry32 generator.
 *
 * @example
 * const s = createSampler(7);
 * s.normal(); // the same value on every run
 * @throws ValidationError (from mulberry32) when the seed is not a safe integer.
 */
export function createSampler(seed: number): Sampler {
  const next = mulberry32(seed);
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    normal,
    int,
    between: (lo, hi) => lo + (hi - lo) * next(),
    pick: (items) => items[int(items.length)],
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items;
    },
  };
}
