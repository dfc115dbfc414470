import { chosenCanonical, type ComparisonIndex } from './comparison-index';
import type { TaskBuckets } from './group-by-task';

export interface Consensus {
  /** per comparison: the response (0 = A, 1 = B) the other raters of the task prefer, −1 when they do not agree or there are none */
  readonly consensus: Int8Array;
  /** per comparison: the canonical choice (0 = A, 1 = B, 2 = tie) */
  readonly chosen: Int8Array;
  /** per rater: reliability weight log(acc / (1 − acc)) clipped to [0, 3] */
  readonly weights: Float64Array;
  /** per rater: decided judgments with a consensus, and how many agree with it */
  readonly judged: Int32Array;
  readonly agreed: Int32Array;
}

/**
 * Leave-one-out consensus of each judgment: the reliability-weighted majority of the
 * other raters of the same task. Weights start equal and are re-estimated for
 * `iterations` rounds from each rater's agreement with that consensus (a one-coin
 * Dawid–Skene-style iteration), so unreliable raters lose their say. Every round is
 * two linear passes.
 *
 * @example
 * const { consensus } = computeConsensus(index, groupByTask(index));
 * consensus[i] === chosen[i]; // rater of i sided with the others
 * @throws never.
 */
export function computeConsensus(index: ComparisonIndex, buckets: TaskBuckets, iterations = 4): Consensus {
  const { start, order } = buckets;
  const nRaters = index.raters.length;
  const nTasks = index.tasks.length;
  const chosen = new Int8Array(index.size);
  for (let i = 0; i < index.size; i++) chosen[i] = chosenCanonical(index, i);
  const consensus = new Int8Array(index.size);
  const weights = new Float64Array(nRaters).fill(1);
  const judged = new Int32Array(nRaters);
  const agreed = new Int32Array(nRaters);
  const votesA = new Float64Array(nTasks);
  const votesB = new Float64Array(nTasks);
  for (let round = 0; round <= iterations; round++) {
    votesA.fill(0);
    votesB.fill(0);
    for (let i = 0; i < index.size; i++) {
      if (chosen[i] === 0) votesA[index.task[i]] += weights[index.rater[i]];
      else if (chosen[i] === 1) votesB[index.task[i]] += weights[index.rater[i]];
    }
    judged.fill(0);
    agreed.fill(0);
    for (let t = 0; t < nTasks; t++) {
      for (let k = start[t]; k < start[t + 1]; k++) {
        const i = order[k];
        const c = chosen[i];
        const r = index.rater[i];
        const w = weights[r];
        const margin = votesA[t] - votesB[t] - (c === 0 ? w : c === 1 ? -w : 0);
        consensus[i] = Math.abs(margin) < 1e-9 ? -1 : margin > 0 ? 0 : 1;
        if (c === 2 || consensus[i] < 0) continue;
        judged[r]++;
        if (consensus[i] === c) agreed[r]++;
      }
    }
    if (round === iterations) break;
    for (let r = 0; r < nRaters; r++) {
      const accuracy = (agreed[r] + 1) / (judged[r] + 2);
      weights[r] = Math.min(3, Math.max(0, Math.log(accuracy / (1 - accuracy))));
    }
  }
  return { consensus, chosen, weights, judged, agreed };
}
