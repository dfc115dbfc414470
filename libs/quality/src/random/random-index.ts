import { invalidInput } from '../agreement/invalid-input';
import type { Random } from '@hindsight/reward-model';

/**
 * A uniform integer in [0, n), drawn from a seeded source.
 *
 * @example
 * randomIndex(mulberry32(1), 10); // an integer 0..9
 * @throws ValidationError when n is not a positive integer.
 */
export function randomIndex(random: Random, n: number): number {
  if (!Number.isInteger(n) || n < 1) throw invalidInput('randomIndex', 'n', 'must be a positive integer');
  return Math.min(n - 1, Math.floor(random() * n));
}
