import type { SparseVector } from './sparse-vector';

/**
 * `a + scale · b` for sparse vectors with increasing indices; slots that cancel exactly are dropped.
 *
 * @example addSparse({ indices: [1, 3], values: [2, 1] }, { indices: [3], values: [1] }, -1) // indices [1], values [2]
 * @throws never.
 */
export function addSparse(a: SparseVector, b: SparseVector, scale = 1): SparseVector {
  const indices = new Int32Array(a.indices.length + b.indices.length);
  const values = new Float64Array(indices.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.indices.length || j < b.indices.length) {
    const ai = i < a.indices.length ? a.indices[i] : Infinity;
    const bj = j < b.indices.length ? b.indices[j] : Infinity;
    let slot: number;
    let value: number;
    if (ai === bj) {
      slot = ai;
      value = a.values[i++] + scale * b.values[j++];
    } else if (ai < bj) {
      slot = ai;
      value = a.values[i++];
    } else {
      slot = bj;
      value = scale * b.values[j++];
    }
    if (value !== 0) {
      indices[n] = slot;
      values[n++] = value;
    }
  }
  return { indices: indices.slice(0, n), values: values.slice(0, n) };
}
