import { addSparse } from './add-sparse';
import type { SparseVector } from './sparse-vector';

/**
 * `a − b` for sparse vectors with increasing indices; slots that cancel exactly are dropped.
 *
 * @example subtractSparse({ indices: [1, 3], values: [2, 1] }, { indices: [3], values: [1] }) // indices [1], values [2]
 * @throws never.
 */
export function subtractSparse(a: SparseVector, b: SparseVector): SparseVector {
  return addSparse(a, b, -1);
}
