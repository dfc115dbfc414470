import type { PairDesign } from './pair-design';

/**
 * The Bradley–Terry objective over a `PairDesign` with margin mᵢ = w·xᵢ:
 * f(w) = Σᵢ aᵢ·log(1 + e^(−mᵢ)) / Σᵢ aᵢ + (l2 / 2)·‖w‖², where aᵢ are the row
 * weights (the weighted mean negative log-likelihood that the first response
 * wins, plus a ridge penalty). Writes ∇f into `gradient` and returns f.
 * Summation order is fixed, so the result is bit-for-bit reproducible.
 *
 * @example const f = pairwiseLogisticObjective(design, 1e-4); f(w, g) // loss at w, g filled
 * @throws never; `l2` is validated by the trainer.
 */
export function pairwiseLogisticObjective(
  design: PairDesign,
  l2: number,
): (weights: Float64Array, gradient: Float64Array) => number {
  const scale = design.totalWeight > 0 ? 1 / design.totalWeight : 0;
  return (w, gradient) => {
    gradient.fill(0);
    let loss = 0;
    for (const block of design.blocks) {
      const { offsets, indices, values, weights } = block;
      for (let r = 0; r < block.rowCount; r++) {
        const start = offsets[r];
        const end = offsets[r + 1];
        let margin = 0;
        for (let k = start; k < end; k++) margin += w[indices[k]] * values[k];
        // softplus(−m) = log(1 + e^(−m)) and its derivative −σ(−m), computed stably.
        const a = weights[r];
        let sigmoidNegative: number;
        if (margin >= 0) {
          const e = Math.exp(-margin);
          loss += a * Math.log1p(e);
          sigmoidNegative = e / (1 + e);
        } else {
          const e = Math.exp(margin);
          loss += a * (Math.log1p(e) - margin);
          sigmoidNegative = 1 / (1 + e);
        }
        const coefficient = -a * sigmoidNegative * scale;
        if (coefficient === 0) continue;
        for (let k = start; k < end; k++) gradient[indices[k]] += coefficient * values[k];
      }
    }
    let penalty = 0;
    if (l2 > 0) {
      for (let j = 0; j < w.length; j++) {
        penalty += w[j] * w[j];
        gradient[j] += l2 * w[j];
      }
    }
    return loss * scale + 0.5 * l2 * penalty;
  };
}
