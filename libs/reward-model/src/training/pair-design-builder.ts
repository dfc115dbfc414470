import type { SparseVector } from '../features/sparse-vector';
import type { PairDesign, PairDesignBlock } from './pair-design';

const ROWS_PER_BLOCK = 65_536;

/** Appends difference rows and hands back the finished `PairDesign`. */
export interface PairDesignBuilder {
  add(difference: SparseVector, weight: number): void;
  /** Appends the row `a − b` (both with increasing indices) without building it first. */
  addDifference(a: SparseVector, b: SparseVector, weight: number): void;
  finish(): PairDesign;
}

/**
 * A builder that packs rows into CSR blocks of up to 65 536 rows, growing each
 * block's arrays by doubling and trimming them when the block closes.
 *
 * @example const b = createPairDesignBuilder(8); b.add({ indices: Int32Array.of(2), values: Float64Array.of(1) }, 1); b.finish().rowCount // 1
 * @throws never; weights are checked by the callers that know the field names.
 */
export function createPairDesignBuilder(columns: number): PairDesignBuilder {
  const blocks: PairDesignBlock[] = [];
  let rowCount = 0;
  let totalWeight = 0;
  let offsets = new Uint32Array(ROWS_PER_BLOCK + 1);
  let weights = new Float64Array(ROWS_PER_BLOCK);
  let indices = new Int32Array(1 << 16);
  let values = new Float32Array(1 << 16);
  let rows = 0;
  let filled = 0;

  const close = () => {
    if (rows === 0) return;
    blocks.push({
      rowCount: rows,
      offsets: offsets.slice(0, rows + 1),
      indices: indices.slice(0, filled),
      values: values.slice(0, filled),
      weights: weights.slice(0, rows),
    });
    offsets = new Uint32Array(ROWS_PER_BLOCK + 1);
    weights = new Float64Array(ROWS_PER_BLOCK);
    rows = 0;
    filled = 0;
  };

  const ensure = (n: number) => {
    if (filled + n > indices.length) {
      let capacity = indices.length * 2;
      while (capacity < filled + n) capacity *= 2;
      const grownIndices = new Int32Array(capacity);
      grownIndices.set(indices.subarray(0, filled));
      indices = grownIndices;
      const grownValues = new Float32Array(capacity);
      grownValues.set(values.subarray(0, filled));
      values = grownValues;
    }
  };
  const endRow = (weight: number) => {
    weights[rows] = weight;
    offsets[++rows] = filled;
    rowCount++;
    totalWeight += weight;
    if (rows === ROWS_PER_BLOCK) close();
  };

  return {
    add(difference, weight) {
      const n = difference.indices.length;
      ensure(n);
      indices.set(difference.indices, filled);
      values.set(difference.values, filled);
      filled += n;
      endRow(weight);
    },
    addDifference(a, b, weight) {
      ensure(a.indices.length + b.indices.length);
      let i = 0;
      let j = 0;
      while (i < a.indices.length || j < b.indices.length) {
        const ai = i < a.indices.length ? a.indices[i] : Infinity;
        const bj = j < b.indices.length ? b.indices[j] : Infinity;
        let value: number;
        let slot: number;
        if (ai === bj) {
          slot = ai;
          value = a.values[i++] - b.values[j++];
        } else if (ai < bj) {
          slot = ai;
          value = a.values[i++];
        } else {
          slot = bj;
          value = -b.values[j++];
        }
        if (value !== 0) {
          indices[filled] = slot;
          values[filled++] = value;
        }
      }
      endRow(weight);
    },
    finish() {
      close();
      return { columns, rowCount, totalWeight, blocks };
    },
  };
}
