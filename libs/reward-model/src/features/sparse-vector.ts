/**
 * A sparse feature vector: strictly increasing slot `indices` and their `values`,
 * both typed arrays of the same length, so a million pairs fit in memory.
 */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float64Array;
}
