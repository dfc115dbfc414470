import type { SparseVector } from './sparse-vector';

/**
 * `weights · vector` for a sparse vector.
 *
 * @example sparseDot(Float64Array.of(0, 2, 0, 1), { indices: Int32Array.of(1, 3), values: Float64Array.of(3, -1) }) // 5
 * @throws never; an index beyond `weights` contributes NaN, so callers pass matching lengths.
 */
export function sparseDot(weights: Float64Array, vector: SparseVector): number {
  let sum = 0;
  for (let k = 0; k < vector.indices.length; k++) sum += weights[vector.indices[k]] * vector.values[k];
  return sum;
}
