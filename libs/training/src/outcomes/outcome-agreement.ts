export interface OutcomeAgreement {
  /**
   * P(a successful interaction scores higher than a failed one), ties counting ½
   * (the area under the ROC curve of the reward as a predictor of success).
   * 0.5 is no agreement with outcomes.
   */
  readonly auc: number;
  readonly count: number;
  readonly successes: number;
}

/**
 * How well reward scores agree with user outcomes: the Mann–Whitney AUC of the
 * scores of successful against failed interactions, by ranks (average ranks for
 * ties), O(n log n). Null when either class is empty (nothing to compare).
 * @example outcomeAgreement([2, 1, 0.5], [true, false, false]) // { auc: 1, count: 3, successes: 1 }
 * @throws RangeError when the lists differ in length or a score is not finite.
 */
export function outcomeAgreement(scores: readonly number[], successes: readonly boolean[]): OutcomeAgreement | null {
  if (scores.length !== successes.length)
    throw new RangeError(`outcomeAgreement: ${scores.length} scores for ${successes.length} outcomes`);
  if (!scores.every(Number.isFinite)) throw new RangeError('outcomeAgreement: every score must be finite');
  const n = scores.length;
  const positives = successes.filter(Boolean).length;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (successes[order[k]]) rankSum += rank;
    i = j + 1;
  }
  const u = rankSum - (positives * (positives + 1)) / 2;
  return { auc: u / (positives * negatives), count: n, successes: positives };
}
