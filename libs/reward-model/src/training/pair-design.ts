/**
 * Pairwise training data in compressed-sparse-row blocks: row `r` of a block is
 * φ(chosen) − φ(rejected) at `indices/values[offsets[r], offsets[r+1])`, with
 * weight `weights[r]`. Blocks keep every typed array well under engine limits
 * and let a million pairs fit in memory (values are stored as float32).
 */
export interface PairDesign {
  /** Length of the weight vector the rows index into. */
  readonly columns: number;
  readonly rowCount: number;
  readonly totalWeight: number;
  readonly blocks: readonly PairDesignBlock[];
}

export interface PairDesignBlock {
  readonly rowCount: number;
  readonly offsets: Uint32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
  readonly weights: Float64Array;
}
